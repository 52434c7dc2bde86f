#ifndef NIANBAO_CLIBXML2_SHIM_H
#define NIANBAO_CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
/* Foundation brings its own ICU; libxml2's ICU headers would clash with it
   ("UErrorCode has different definitions"). nianbao never uses libxml2's ICU API. */
#undef LIBXML_ICU_ENABLED

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/parser.h>

/* xmlFree is a global function pointer, which Swift 6 rejects as shared mutable state. */
static inline void nianbao_xmlFree(void *pointer) {
    xmlFree(pointer);
}

#endif
