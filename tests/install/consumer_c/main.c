/* SPDX-License-Identifier: MIT */
/* Built with pkg-config against an installed auralis, in C11: meters EBU Tech 3341's first case (a 1 kHz
   sine at -23 dBFS in both channels reads -23.0 LUFS +-0.1) and masters the same tone in memory to -14
   LUFS. */
#include <auralis/auralis.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { rate = 48000, seconds = 20, channels = 2 };

static int failed(const char* what, auralis_status status) {
  fprintf(stderr, "%s: %s (%s)\n", what, auralis_status_string(status), auralis_last_error());
  return 1;
}

int main(void) {
  char headers[32];
  snprintf(headers, sizeof headers, "%d.%d.%d", AURALIS_VERSION_MAJOR, AURALIS_VERSION_MINOR,
           AURALIS_VERSION_PATCH);
  if (strcmp(auralis_version(), headers) != 0) {
    fprintf(stderr, "library %s, headers %s\n", auralis_version(), headers);
    return 1;
  }
  const size_t frames = (size_t)rate * seconds;
  float* tone = malloc(frames * channels * sizeof *tone);
  if (!tone) return 1;
  const double amplitude = pow(10.0, -23.0 / 20.0);
  for (size_t i = 0; i < frames; ++i) {
    const float sample = (float)(amplitude * sin(2.0 * 3.14159265358979323846 * 1000.0 * (double)i / rate));
    tone[2 * i] = sample;
    tone[2 * i + 1] = sample;
  }

  auralis_meter* meter = NULL;
  auralis_status status = auralis_meter_create(channels, rate, NULL, &meter);
  if (status != AURALIS_OK) return failed("auralis_meter_create", status);
  status = auralis_meter_add_interleaved(meter, tone, frames);
  auralis_loudness loudness;
  if (status == AURALIS_OK) status = auralis_meter_loudness(meter, &loudness);
  auralis_meter_destroy(meter);
  if (status != AURALIS_OK) return failed("meter", status);
  if (!loudness.integrated_lufs.has_value || fabs(loudness.integrated_lufs.value + 23.0) > 0.1) {
    fprintf(stderr, "tone measured %.2f LUFS, not -23.0\n", loudness.integrated_lufs.value);
    return 1;
  }

  auralis_master_options options;
  auralis_master_options_init(&options);
  options.target_lufs.has_value = 1;
  options.target_lufs.value = -14.0;
  auralis_master_report report;
  status = auralis_master_buffer(tone, frames, channels, rate, &options, tone, &report);
  if (status != AURALIS_OK) return failed("auralis_master_buffer", status);
  const double after = report.after.integrated_lufs.value;
  printf("auralis %s from C: tone %.2f LUFS, mastered %.2f LUFS\n", auralis_version(),
         loudness.integrated_lufs.value, after);
  auralis_master_report_free(&report);
  free(tone);
  return fabs(after + 14.0) <= 0.5 ? 0 : 1;
}
