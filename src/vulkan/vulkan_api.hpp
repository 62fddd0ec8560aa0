// SPDX-License-Identifier: MIT
// The Vulkan API as the backend sees it: volk's function pointers (VK_NO_PROTOTYPES), loaded at run time.
#pragma once

#include <volk.h>
