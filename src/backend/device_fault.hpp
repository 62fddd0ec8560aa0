// SPDX-License-Identifier: MIT
// The failure a device backend (the GPU) reports when it cannot finish a job, so that the failover wrapper
// can re-run the job on the CPU without either backend knowing of the other.
#pragma once

#include <stdexcept>

namespace auralis::backend {

/// The device failed mid-job (lost, out of memory, timed out, a kernel or plan failed): the job has no
/// result and the backend does not use the device again. The message names the device and the fault.
class DeviceFault : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace auralis::backend
