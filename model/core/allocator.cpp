#include "allocator.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace sg {

void tuneAllocator() {
#ifdef __GLIBC__
    mallopt(M_MXFAST, 0);
#endif
}

} // namespace sg
