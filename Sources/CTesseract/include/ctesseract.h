#ifndef NIANBAO_CTESSERACT_H
#define NIANBAO_CTESSERACT_H

/* Tesseract and Leptonica, loaded with dlopen when OCR is first needed, so that the nianbao
   binary does not link libtesseract and the five dozen libraries it brings (libcurl, libarchive,
   ICU…) at every start-up. Types and constants come from the real headers (Debian:
   libtesseract-dev, libleptonica-dev); the functions are resolved at run time into the table
   nb_tess_load returns. Sources/NianbaoExtract/OCR/Tesseract.swift is the one file that
   uses it; it never calls the headers' functions directly (they are not linked). */

#include <leptonica/allheaders.h>
#include <tesseract/capi.h>
#include <stddef.h>

/* Every function nianbao calls, once. */
#define NB_TESS_FUNCTIONS(X)                                                                     \
    X(setMsgSeverity) X(pixDestroy) X(pixGetWidth) X(pixGetHeight) X(pixGetDepth) X(pixGetXRes) \
    X(pixSetResolution) X(pixReadHeaderMem) X(pixReadMem) X(pixConvertTo8) X(pixCreate)         \
    X(pixGetData) X(pixGetWpl) X(pixSauvolaBinarizeTiled) X(pixFindSkew) X(pixRotate)           \
    X(pixSelectBySize) X(pixCloseBrick) X(pixOpenBrick) X(pixDilateBrick) X(pixSubtract)        \
    X(pixConnComp) X(boxaGetCount) X(boxaGetBoxGeometry) X(boxaDestroy) X(boxCreate)            \
    X(boxDestroy) X(pixClipRectangle) X(pixAddBorder) X(pixCopy) X(pixSetMasked) X(pixScale)    \
    X(pixClearInRect) X(pixSetInRect) X(pixInvert) X(pixReadMemFromMultipageTiff)               \
    X(TessBaseAPICreate) X(TessBaseAPIDelete) X(TessBaseAPIEnd) X(TessBaseAPIInit3)             \
    X(TessBaseAPISetVariable) X(TessBaseAPISetPageSegMode) X(TessBaseAPISetImage2)              \
    X(TessBaseAPISetSourceResolution) X(TessBaseAPIClear) X(TessBaseAPIRecognize)               \
    X(TessBaseAPIGetIterator) X(TessResultIteratorDelete) X(TessResultIteratorGetPageIterator)  \
    X(TessResultIteratorGetUTF8Text) X(TessDeleteText) X(TessPageIteratorBoundingBox)           \
    X(TessResultIteratorConfidence) X(TessPageIteratorIsAtBeginningOf) X(TessResultIteratorNext)  \
    X(TessMonitorCreate) X(TessMonitorDelete) X(TessMonitorSetDeadlineMSecs)

#define NB_TESS_FIELD(name) __typeof__(&name) _Nonnull name;

/* The functions, resolved. */
typedef struct {
    NB_TESS_FUNCTIONS(NB_TESS_FIELD)
} nb_tess_api;

/* The table of functions, libtesseract and liblept loaded on the first call (thread-safe); NULL
   when they cannot be loaded, with the reason in `error` (at most `size` bytes). */
const nb_tess_api *_Nullable nb_tess_load(char *_Nonnull error, size_t size);

#endif
