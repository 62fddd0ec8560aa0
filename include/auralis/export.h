/* SPDX-License-Identifier: MIT */
/* AURALIS_API marks what libauralis exports. The library is built with hidden visibility, so everything
   else in it (the engine's internals) stays private to it and may change in any release. Valid C and C++. */
#ifndef AURALIS_EXPORT_H
#define AURALIS_EXPORT_H

#if defined(AURALIS_STATIC_DEFINE)
#define AURALIS_API
#elif defined(__GNUC__) || defined(__clang__)
#define AURALIS_API __attribute__((visibility("default")))
#else
#define AURALIS_API
#endif

#endif /* AURALIS_EXPORT_H */
