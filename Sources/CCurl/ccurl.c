/* libcurl through dlopen: see include/ccurl.h. Constants come from the real <curl/curl.h>
   (Debian: libcurl4-openssl-dev); functions are resolved from libcurl.so.4 at run time. */

#include "ccurl.h"

#include <curl/curl.h>
#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef CURLcode (*global_init_fn)(long flags);
typedef CURL *(*easy_init_fn)(void);
typedef CURLcode (*easy_setopt_fn)(CURL *handle, CURLoption option, ...);
typedef CURLcode (*easy_perform_fn)(CURL *handle);
typedef CURLcode (*easy_getinfo_fn)(CURL *handle, CURLINFO info, ...);
typedef void (*easy_cleanup_fn)(CURL *handle);
typedef const char *(*easy_strerror_fn)(CURLcode code);
typedef struct curl_slist *(*slist_append_fn)(struct curl_slist *list, const char *string);
typedef void (*slist_free_all_fn)(struct curl_slist *list);

static struct {
    global_init_fn global_init;
    easy_init_fn easy_init;
    easy_setopt_fn easy_setopt;
    easy_perform_fn easy_perform;
    easy_getinfo_fn easy_getinfo;
    easy_cleanup_fn easy_cleanup;
    easy_strerror_fn easy_strerror;
    slist_append_fn slist_append;
    slist_free_all_fn slist_free_all;
} curl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
/* Empty once libcurl is loaded and initialised; otherwise why it is not. */
static char load_error[400] = "libcurl was not loaded";

static void load_libcurl(void) {
    static const char *const names[] = {"libcurl.so.4", "libcurl.so", "libcurl.4.dylib", NULL};
    void *library = NULL;
    for (const char *const *name = names; *name != NULL && library == NULL; name++) {
        library = dlopen(*name, RTLD_NOW | RTLD_LOCAL);
        /* The first failure says most (the others name fallbacks); dlerror's text is overwritten
           by the next dlopen, so it is copied now. */
        const char *why = library == NULL && name == names ? dlerror() : NULL;
        if (why != NULL) snprintf(load_error, sizeof load_error, "%s", why);
    }
    if (library == NULL) return;
#define RESOLVE(field, symbol)                                                          \
    do {                                                                                \
        *(void **)&curl.field = dlsym(library, symbol);                                 \
        if (curl.field == NULL) {                                                       \
            snprintf(load_error, sizeof load_error, "libcurl has no function %s", symbol); \
            return;                                                                     \
        }                                                                               \
    } while (0)
    RESOLVE(global_init, "curl_global_init");
    RESOLVE(easy_init, "curl_easy_init");
    RESOLVE(easy_setopt, "curl_easy_setopt");
    RESOLVE(easy_perform, "curl_easy_perform");
    RESOLVE(easy_getinfo, "curl_easy_getinfo");
    RESOLVE(easy_cleanup, "curl_easy_cleanup");
    RESOLVE(easy_strerror, "curl_easy_strerror");
    RESOLVE(slist_append, "curl_slist_append");
    RESOLVE(slist_free_all, "curl_slist_free_all");
#undef RESOLVE
    /* Not thread-safe in libcurl, hence pthread_once. The library is never unloaded. */
    CURLcode code = curl.global_init(CURL_GLOBAL_DEFAULT);
    if (code != CURLE_OK) {
        snprintf(load_error, sizeof load_error, "curl_global_init failed: %s", curl.easy_strerror(code));
        return;
    }
    load_error[0] = '\0';
}

/* A growing buffer, NUL-terminated; appending past `limit` or failing to grow sets a flag. */
typedef struct {
    char *bytes;
    size_t length;
    size_t capacity;
    size_t limit;
    int over_limit;
    int out_of_memory;
} buffer;

static int buffer_append(buffer *b, const char *bytes, size_t count) {
    if (count > b->limit - b->length) {
        b->over_limit = 1;
        return 0;
    }
    if (b->length + count + 1 > b->capacity) {
        size_t capacity = b->capacity < 16384 ? 16384 : b->capacity;
        while (capacity < b->length + count + 1) capacity *= 2;
        char *grown = realloc(b->bytes, capacity);
        if (grown == NULL) {
            b->out_of_memory = 1;
            return 0;
        }
        b->bytes = grown;
        b->capacity = capacity;
    }
    memcpy(b->bytes + b->length, bytes, count);
    b->length += count;
    b->bytes[b->length] = '\0';
    return 1;
}

static size_t on_body(char *bytes, size_t size, size_t count, void *context) {
    size_t total = size * count;
    /* Returning less than `total` makes libcurl stop with CURLE_WRITE_ERROR. */
    return buffer_append(context, bytes, total) ? total : 0;
}

static size_t on_header(char *bytes, size_t size, size_t count, void *context) {
    buffer *b = context;
    size_t total = size * count;
    /* A status line starts a new response (after 100 Continue, or a proxy's CONNECT answer):
       keep the header block of the last response only. */
    if (total >= 5 && memcmp(bytes, "HTTP/", 5) == 0) b->length = 0;
    return buffer_append(b, bytes, total) ? total : 0;
}

/* Whether an IPv4 address (host byte order) is public: not 0/8, 10/8, 100.64/10, 127/8,
   169.254/16, 172.16/12, 192.0.0/24, 192.0.2/24, 192.168/16, 198.18/15, 198.51.100/24,
   203.0.113/24, 224/4 or 240/4. */
static int ipv4_is_public(uint32_t a) {
    static const struct { uint32_t net; int bits; } blocked[] = {
        {0x00000000, 8},  {0x0A000000, 8},  {0x64400000, 10}, {0x7F000000, 8},  {0xA9FE0000, 16},
        {0xAC100000, 12}, {0xC0000000, 24}, {0xC0000200, 24}, {0xC0A80000, 16}, {0xC6120000, 15},
        {0xC6336400, 24}, {0xCB007100, 24}, {0xE0000000, 4},  {0xF0000000, 4},
    };
    for (size_t i = 0; i < sizeof blocked / sizeof blocked[0]; i++) {
        uint32_t mask = 0xFFFFFFFFu << (32 - blocked[i].bits);
        if ((a & mask) == blocked[i].net) return 0;
    }
    return 1;
}

static uint32_t ipv4_at(const unsigned char *b) {
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | (uint32_t)b[3];
}

/* Whether an IPv6 address is public: not ::, ::1, fc00::/7, fe80::/10, fec0::/10, ff00::/8,
   100::/64 or 2001:db8::/32; an IPv4 address inside it (::/96, ::ffff:0:0/96, 64:ff9b::/96,
   2002::/16) is judged as IPv4. */
static int ipv6_is_public(const unsigned char *b) {
    static const unsigned char zero[12] = {0};
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    static const unsigned char nat64[12] = {0, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0};
    static const unsigned char discard[8] = {0x01, 0, 0, 0, 0, 0, 0, 0};
    if (memcmp(b, zero, 12) == 0 || memcmp(b, mapped, 12) == 0 || memcmp(b, nat64, 12) == 0) return ipv4_is_public(ipv4_at(b + 12));
    if (b[0] == 0x20 && b[1] == 0x02) return ipv4_is_public(ipv4_at(b + 2));
    if ((b[0] & 0xFE) == 0xFC || b[0] == 0xFF) return 0;
    if (b[0] == 0xFE && (b[1] & 0x80) == 0x80) return 0; /* fe80::/10 and fec0::/10 */
    if (memcmp(b, discard, 8) == 0) return 0;
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) return 0;
    return 1;
}

static int sockaddr_is_public(const struct sockaddr *address) {
    if (address->sa_family == AF_INET) return ipv4_is_public(ntohl(((const struct sockaddr_in *)address)->sin_addr.s_addr));
    if (address->sa_family == AF_INET6) return ipv6_is_public(((const struct sockaddr_in6 *)address)->sin6_addr.s6_addr);
    return 0;
}

int nb_address_text_is_public(const char *text) {
    struct in_addr v4;
    struct in6_addr v6;
    if (inet_pton(AF_INET, text, &v4) == 1) return ipv4_is_public(ntohl(v4.s_addr));
    if (inet_pton(AF_INET6, text, &v6) == 1) return ipv6_is_public(v6.s6_addr);
    return 0;
}

/* The last address refused by on_open_socket, as text (empty when none was). */
typedef struct {
    char refused[INET6_ADDRSTRLEN];
} address_guard;

/* CURLOPT_OPENSOCKETFUNCTION with `public_only`: opens the socket only for a public address. */
static curl_socket_t on_open_socket(void *context, curlsocktype purpose, struct curl_sockaddr *address) {
    (void)purpose;
    address_guard *guard = context;
    if (!sockaddr_is_public(&address->addr)) {
        const void *raw = address->family == AF_INET6 ? (const void *)&((struct sockaddr_in6 *)&address->addr)->sin6_addr
                                                      : (const void *)&((struct sockaddr_in *)&address->addr)->sin_addr;
        if (inet_ntop(address->family, raw, guard->refused, sizeof guard->refused) == NULL) snprintf(guard->refused, sizeof guard->refused, "?");
        return CURL_SOCKET_BAD;
    }
#ifdef SOCK_CLOEXEC
    /* Not inherited by child processes (LibreOffice, workers), as libcurl's own sockets are not. */
    return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
#else
    return socket(address->family, address->socktype, address->protocol);
#endif
}

int nb_http_get(const char *url, const char *const *headers, long timeout_ms, long long max_bytes, int public_only,
                nb_http_result *out) {
    memset(out, 0, sizeof *out);
    pthread_once(&load_once, load_libcurl);
    if (load_error[0] != '\0') {
        snprintf(out->message, sizeof out->message, "%s", load_error);
        return NB_HTTP_NO_LIBCURL;
    }
    CURL *handle = curl.easy_init();
    if (handle == NULL) {
        snprintf(out->message, sizeof out->message, "curl_easy_init failed");
        return NB_HTTP_NETWORK;
    }
    if (timeout_ms < 1) timeout_ms = 1;
    if (max_bytes < 0) max_bytes = 0;
    buffer body = {.limit = (size_t)max_bytes};
    buffer header_block = {.limit = 1024 * 1024};
    struct curl_slist *list = NULL;
    int list_failed = 0;
    for (const char *const *line = headers; line != NULL && *line != NULL; line++) {
        struct curl_slist *appended = curl.slist_append(list, *line);
        if (appended == NULL) {
            list_failed = 1;
            break;
        }
        list = appended;
    }
    char error_buffer[CURL_ERROR_SIZE] = "";
    curl.easy_setopt(handle, CURLOPT_URL, url);
    curl.easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    curl.easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
    /* The caller normalised the address (dot segments removed) and checked that form against
       robots.txt: send exactly it. */
    curl.easy_setopt(handle, CURLOPT_PATH_AS_IS, 1L);
    curl.easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl.easy_setopt(handle, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl.easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
    curl.easy_setopt(handle, CURLOPT_ACCEPT_ENCODING, "");
    curl.easy_setopt(handle, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max_bytes);
    curl.easy_setopt(handle, CURLOPT_HTTPHEADER, list);
    curl.easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_body);
    curl.easy_setopt(handle, CURLOPT_WRITEDATA, &body);
    curl.easy_setopt(handle, CURLOPT_HEADERFUNCTION, on_header);
    curl.easy_setopt(handle, CURLOPT_HEADERDATA, &header_block);
    curl.easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);
    address_guard guard = {.refused = ""};
    if (public_only) {
        /* Through a proxy, the address checked would be the proxy's, not the site's. */
        curl.easy_setopt(handle, CURLOPT_PROXY, "");
        curl.easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
        curl.easy_setopt(handle, CURLOPT_OPENSOCKETDATA, &guard);
    }
    CURLcode code = list_failed ? CURLE_OUT_OF_MEMORY : curl.easy_perform(handle);
    long status = 0;
    curl.easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
    curl.easy_cleanup(handle);
    curl.slist_free_all(list);

    int result;
    if (body.over_limit || code == CURLE_FILESIZE_EXCEEDED) {
        result = NB_HTTP_TOO_LARGE;
    } else if (code != CURLE_OK && guard.refused[0] != '\0') {
        snprintf(out->message, sizeof out->message, "%s", guard.refused);
        result = NB_HTTP_FORBIDDEN_ADDRESS;
    } else if (code == CURLE_OPERATION_TIMEDOUT) {
        result = NB_HTTP_TIMEOUT;
    } else if (body.out_of_memory || header_block.out_of_memory) {
        snprintf(out->message, sizeof out->message, "out of memory while receiving the response");
        result = NB_HTTP_NETWORK;
    } else if (header_block.over_limit) {
        snprintf(out->message, sizeof out->message, "the response headers are larger than 1 MB");
        result = NB_HTTP_NETWORK;
    } else if (code != CURLE_OK) {
        snprintf(out->message, sizeof out->message, "%s", error_buffer[0] != '\0' ? error_buffer : curl.easy_strerror(code));
        result = NB_HTTP_NETWORK;
    } else if (status == 0) {
        snprintf(out->message, sizeof out->message, "no HTTP response");
        result = NB_HTTP_NETWORK;
    } else {
        result = NB_HTTP_OK;
    }
    if (result == NB_HTTP_OK) {
        out->status = status;
        out->body = (unsigned char *)body.bytes;
        out->body_length = body.length;
        out->headers = header_block.bytes;
        out->headers_length = header_block.length;
    } else {
        free(body.bytes);
        free(header_block.bytes);
    }
    return result;
}

void nb_http_result_free(nb_http_result *result) {
    free(result->body);
    free(result->headers);
    result->body = NULL;
    result->headers = NULL;
    result->body_length = 0;
    result->headers_length = 0;
}
