// FREMDRIFT_CHECK / FREMDRIFT_DCHECK: invariants of our own code (never user input). A failed check
// prints the condition and location and aborts.
#pragma once

#include <cstdio>
#include <cstdlib>

#define FREMDRIFT_CHECK(cond)                                                         \
  do {                                                                                \
    if (!(cond)) {                                                                    \
      std::fprintf(stderr, "check failed: %s at %s:%d\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                                   \
    }                                                                                 \
  } while (0)

#ifdef NDEBUG
#define FREMDRIFT_DCHECK(cond) \
  do {                         \
  } while (0)
#else
#define FREMDRIFT_DCHECK(cond) FREMDRIFT_CHECK(cond)
#endif
