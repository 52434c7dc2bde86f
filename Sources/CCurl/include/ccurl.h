#ifndef NIANBAO_CCURL_H
#define NIANBAO_CCURL_H

/* One HTTP GET through libcurl, which is loaded with dlopen on first use, so that the nianbao
   binary does not link libcurl (and its two dozen dependencies) at start-up. Every libcurl call
   is in ccurl.c; Sources/NianbaoKit/Fetch/LibCurl.swift is the one Swift file that calls this. */

#include <stddef.h>

typedef enum {
    NB_HTTP_OK = 0,
    /* No complete answer within the time limit. */
    NB_HTTP_TIMEOUT = 1,
    /* The body (or its Content-Length) is over the limit. */
    NB_HTTP_TOO_LARGE = 2,
    /* Connection, DNS, TLS or protocol failure; `message` says which. */
    NB_HTTP_NETWORK = 3,
    /* libcurl could not be loaded or lacks a function; `message` says why. */
    NB_HTTP_NO_LIBCURL = 4,
    /* `public_only` was set and every address of the host is not public; `message` names one. */
    NB_HTTP_FORBIDDEN_ADDRESS = 5,
} nb_http_error;

typedef struct {
    /* The HTTP status code of the final response (0 if none). */
    long status;
    /* The body, malloc'ed (NULL if empty). */
    unsigned char *body;
    size_t body_length;
    /* The header block of the final response (status line first, CRLF-separated), malloc'ed. */
    char *headers;
    size_t headers_length;
    /* Why the request failed, NUL-terminated (empty on success). */
    char message[512];
} nb_http_result;

/* Performs one GET of `url`, redirects not followed. `headers` is a NULL-terminated array of
   "Name: value" lines (or NULL). The whole request, connection to last byte, is limited to
   `timeout_ms`; the body to `max_bytes` (checked against Content-Length and while bytes arrive).
   With `public_only`, no proxy is used and a connection is opened only to a public address
   (checked on each address libcurl resolved, as it is about to connect to it, so that a name
   cannot resolve to another address between a check and the connection; see
   nb_address_text_is_public): otherwise the result is NB_HTTP_FORBIDDEN_ADDRESS. Blocks the
   calling thread. Fills `out` (free it with nb_http_result_free whatever the result) and returns
   an nb_http_error. Safe to call from several threads at once. */
int nb_http_get(const char *url, const char *const *headers, long timeout_ms, long long max_bytes, int public_only,
                nb_http_result *out);

/* 1 when `text` is a numeric IPv4 or IPv6 address that is public (not loopback, private, link-local,
   carrier-grade NAT, unspecified, multicast, reserved or for documentation; IPv4 inside IPv6, as
   mapped, NAT64 or 6to4, judged as that IPv4 address); 0 otherwise, and for text that is not a
   numeric address. */
int nb_address_text_is_public(const char *text);

/* Frees the buffers of `result` (not `result` itself). */
void nb_http_result_free(nb_http_result *result);

#endif
