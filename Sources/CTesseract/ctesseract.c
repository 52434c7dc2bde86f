/* Tesseract and Leptonica through dlopen: see include/ctesseract.h. */

#include "ctesseract.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static nb_tess_api api;
static pthread_once_t load_once = PTHREAD_ONCE_INIT;
/* Empty once both libraries are loaded and every function resolved; otherwise why not. */
static char load_error[400] = "libtesseract was not loaded";

/* The first of `names` that dlopen loads, or NULL with the first failure's reason kept. */
static void *open_first(const char *const *names) {
    void *library = NULL;
    for (const char *const *name = names; *name != NULL && library == NULL; name++) {
        library = dlopen(*name, RTLD_NOW | RTLD_LOCAL);
        const char *why = library == NULL && name == names ? dlerror() : NULL;
        if (why != NULL) snprintf(load_error, sizeof load_error, "%s", why);
    }
    return library;
}

static void load_libraries(void) {
    static const char *const lept_names[] = {"liblept.so.5", "libleptonica.so.6", "liblept.so", "libleptonica.so", "liblept.5.dylib", NULL};
    static const char *const tess_names[] = {"libtesseract.so.5", "libtesseract.so", "libtesseract.5.dylib", NULL};
    void *lept = open_first(lept_names);
    if (lept == NULL) return;
    void *tess = open_first(tess_names);
    if (tess == NULL) return;
#define NB_RESOLVE(name)                                                                     \
    *(void **)&api.name = dlsym(tess, #name);                                                \
    if (api.name == NULL) *(void **)&api.name = dlsym(lept, #name);                          \
    if (api.name == NULL) {                                                                  \
        snprintf(load_error, sizeof load_error, "Tesseract or Leptonica has no function %s", #name); \
        return;                                                                              \
    }
    NB_TESS_FUNCTIONS(NB_RESOLVE)
#undef NB_RESOLVE
    load_error[0] = '\0';
}

const nb_tess_api *nb_tess_load(char *error, size_t size) {
    pthread_once(&load_once, load_libraries);
    if (load_error[0] == '\0') return &api;
    if (size > 0) snprintf(error, size, "%s", load_error);
    return NULL;
}
