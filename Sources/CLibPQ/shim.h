#ifndef NIANBAO_CLIBPQ_SHIM_H
#define NIANBAO_CLIBPQ_SHIM_H

#include <libpq-fe.h>

#endif
