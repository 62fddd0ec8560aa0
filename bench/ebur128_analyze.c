/* SPDX-License-Identifier: MIT */
/* The peer of `auralis analyze` in the whole-process benchmark (bench/whole_process.py): decodes FILE with
 * libsndfile block by block and meters it with libebur128 (integrated loudness, loudness range, true peak),
 * the way a small tool built on those two libraries would. Prints I (LUFS), LRA (LU) and true peak (dBTP).
 *
 * Usage: ebur128_analyze FILE
 * Exit codes: 0 measured, 1 the file could not be read or measured, 2 usage error. */
#include <ebur128.h>
#include <sndfile.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Frames decoded per libsndfile call: large enough that call overhead is negligible, small enough that memory
 * stays flat for any file length (the peer streams, as auralis' streaming engine is meant to). */
enum { kBlockFrames = 65536 };

static int measure(SNDFILE* file, const SF_INFO* info, const char* path) {
  const unsigned channels = (unsigned)info->channels;
  ebur128_state* state = ebur128_init(channels, (unsigned long)info->samplerate,
                                      EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_TRUE_PEAK);
  float* block = malloc(sizeof(float) * (size_t)kBlockFrames * channels);
  int status = 1;
  if (state == NULL || block == NULL) {
    fprintf(stderr, "ebur128_analyze: %s: out of memory\n", path);
    goto done;
  }
  sf_count_t frames;
  while ((frames = sf_readf_float(file, block, kBlockFrames)) > 0) {
    if (ebur128_add_frames_float(state, block, (size_t)frames) != EBUR128_SUCCESS) {
      fprintf(stderr, "ebur128_analyze: %s: libebur128 failed on a block\n", path);
      goto done;
    }
  }
  if (sf_error(file) != SF_ERR_NO_ERROR) {
    fprintf(stderr, "ebur128_analyze: %s: %s\n", path, sf_strerror(file));
    goto done;
  }

  double integrated = 0.0;
  double range = 0.0;
  double peak = 0.0; /* the largest channel's true peak, linear */
  if (ebur128_loudness_global(state, &integrated) != EBUR128_SUCCESS ||
      ebur128_loudness_range(state, &range) != EBUR128_SUCCESS) {
    fprintf(stderr, "ebur128_analyze: %s: no loudness (libebur128 error)\n", path);
    goto done;
  }
  for (unsigned c = 0; c < channels; ++c) {
    double channel_peak = 0.0;
    if (ebur128_true_peak(state, c, &channel_peak) != EBUR128_SUCCESS) {
      fprintf(stderr, "ebur128_analyze: %s: no true peak for channel %u\n", path, c);
      goto done;
    }
    if (channel_peak > peak) peak = channel_peak;
  }
  printf("%s\n  integrated      %.2f LUFS\n  loudness range  %.2f LU\n  true peak       %.2f dBTP\n", path,
         integrated, range, 20.0 * log10(peak));
  status = 0;

done:
  free(block);
  if (state != NULL) ebur128_destroy(&state);
  return status;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: ebur128_analyze FILE\n");
    return 2;
  }
  SF_INFO info = {0};
  SNDFILE* file = sf_open(argv[1], SFM_READ, &info);
  if (file == NULL) {
    fprintf(stderr, "ebur128_analyze: %s: %s\n", argv[1], sf_strerror(NULL));
    return 1;
  }
  const int status = measure(file, &info, argv[1]);
  sf_close(file);
  return status;
}
