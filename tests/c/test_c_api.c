/* SPDX-License-Identifier: MIT */
/* The C API (include/auralis/auralis.h) from C11, linked against the shared libauralis: every entry point
   with its measured results (EBU Tech 3341 case 1 on the meter and on a file, masters at their target and
   under their ceiling, a buffer master equal to the file master, batches with progress and cancellation) and
   every error path. A tiny runner: each failed check is printed, the exit status is the failure count. */
#define _XOPEN_SOURCE 700

#include <auralis/auralis.h>

#include <ftw.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <threads.h>

static int checks_run;
static int checks_failed;

static void check(int ok, const char* what, int line) {
  ++checks_run;
  if (!ok) {
    ++checks_failed;
    fprintf(stderr, "test_c_api.c:%d: check failed: %s\n", line, what);
  }
}

static void check_near(double value, double expected, double tolerance, const char* what, int line) {
  ++checks_run;
  if (!(fabs(value - expected) <= tolerance)) {
    ++checks_failed;
    fprintf(stderr, "test_c_api.c:%d: check failed: %s is %.9g, expected %.9g +- %g\n", line, what, value,
            expected, tolerance);
  }
}

static void check_status(auralis_status got, auralis_status expected, const char* what, int line) {
  ++checks_run;
  if (got != expected) {
    ++checks_failed;
    fprintf(stderr, "test_c_api.c:%d: %s returned %s (%s), expected %s\n", line, what,
            auralis_status_string(got), auralis_last_error(), auralis_status_string(expected));
  }
}

#define CHECK(condition) check((condition) != 0, #condition, __LINE__)
#define CHECK_NEAR(value, expected, tolerance) check_near((value), (expected), (tolerance), #value, __LINE__)
#define CHECK_STATUS(call, expected) check_status((call), (expected), #call, __LINE__)
/* The calling thread's last error mentions `text` (a path or an argument's name). */
#define CHECK_MESSAGE_NAMES(text) \
  check(strstr(auralis_last_error(), (text)) != NULL, "last error names " #text, __LINE__)

/* ---- Signals and files -------------------------------------------------------------------------------- */

static const double kPi = 3.14159265358979323846;

/* Interleaved sine, the same in every channel. */
static float* sine(size_t frames, unsigned channels, unsigned rate, double hz, double amplitude) {
  float* samples = malloc(frames * channels * sizeof(float));
  size_t i;
  unsigned c;
  for (i = 0; i < frames; ++i) {
    const float value = (float)(amplitude * sin(2.0 * kPi * hz * (double)i / rate));
    for (c = 0; c < channels; ++c) samples[i * channels + c] = value;
  }
  return samples;
}

/* Stereo programme at 44.1 kHz: bass, mid and high tones under a 2 Hz swell, over low noise, the channels
   apart in phase, and a 1.5 kHz click (5 ms decay, peak 0.6) every half second that a loud master must limit;
   about -18.4 LUFS. `level` scales it. */
static float* programme(size_t frames, double level) {
  float* samples = malloc(frames * 2 * sizeof(float));
  uint32_t noise = 12345u;
  size_t i;
  for (i = 0; i < frames; ++i) {
    const double t = (double)i / 44100.0;
    const double swell = 0.6 + 0.4 * sin(2.0 * kPi * 2.0 * t);
    const double since_click = fmod(t, 0.5);
    const double click = 0.6 * exp(-since_click / 0.005) * sin(2.0 * kPi * 1500.0 * since_click);
    double hiss;
    noise = noise * 1664525u + 1013904223u;
    hiss = ((double)(noise >> 8) / 16777216.0 - 0.5) * 0.02;
    samples[2 * i] =
        (float)(level * (swell * (0.15 * sin(2.0 * kPi * 110.0 * t) + 0.1 * sin(2.0 * kPi * 440.0 * t) +
                                  0.04 * sin(2.0 * kPi * 2500.0 * t)) +
                         hiss + click));
    samples[2 * i + 1] = (float)(level * (swell * (0.15 * sin(2.0 * kPi * 110.0 * t + 0.3) +
                                                   0.1 * sin(2.0 * kPi * 440.0 * t + 0.9) +
                                                   0.04 * sin(2.0 * kPi * 2500.0 * t + 1.7)) -
                                          hiss + click));
  }
  return samples;
}

static void put_u16(unsigned char* p, unsigned value) {
  p[0] = (unsigned char)(value & 0xff);
  p[1] = (unsigned char)(value >> 8);
}

static void put_u32(unsigned char* p, uint32_t value) {
  put_u16(p, value & 0xffff);
  put_u16(p + 2, value >> 16);
}

static uint32_t get_u32(const unsigned char* p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int write_bytes(const char* path, const void* bytes, size_t size) {
  FILE* file = fopen(path, "wb");
  int ok;
  if (file == NULL) return 0;
  ok = fwrite(bytes, 1, size, file) == size;
  return fclose(file) == 0 && ok;
}

/* A 32-bit float WAV (WAVE_FORMAT_IEEE_FLOAT, with its fact chunk), little-endian whatever the host. */
static int write_float_wav(const char* path, const float* samples, size_t frames, unsigned channels,
                           unsigned rate) {
  const size_t data_bytes = frames * channels * 4;
  const size_t size = 58 + data_bytes;
  unsigned char* bytes = malloc(size);
  size_t i;
  int ok;
  memcpy(bytes, "RIFF", 4);
  put_u32(bytes + 4, (uint32_t)(size - 8));
  memcpy(bytes + 8, "WAVEfmt ", 8);
  put_u32(bytes + 16, 18);
  put_u16(bytes + 20, 3);
  put_u16(bytes + 22, channels);
  put_u32(bytes + 24, rate);
  put_u32(bytes + 28, rate * channels * 4);
  put_u16(bytes + 32, channels * 4);
  put_u16(bytes + 34, 32);
  put_u16(bytes + 36, 0);
  memcpy(bytes + 38, "fact", 4);
  put_u32(bytes + 42, 4);
  put_u32(bytes + 46, (uint32_t)frames);
  memcpy(bytes + 50, "data", 4);
  put_u32(bytes + 54, (uint32_t)data_bytes);
  for (i = 0; i < frames * channels; ++i) {
    uint32_t bits;
    memcpy(&bits, &samples[i], 4);
    put_u32(bytes + 58 + 4 * i, bits);
  }
  ok = write_bytes(path, bytes, size);
  free(bytes);
  return ok;
}

/* The samples of a 32-bit float WAV as auralis writes it (chunks walked, plain or extensible format), or
   NULL. */
static float* read_float_wav(const char* path, size_t* frames, unsigned* channels) {
  FILE* file = fopen(path, "rb");
  unsigned char* bytes;
  long size;
  size_t at = 12;
  float* samples = NULL;
  if (file == NULL) return NULL;
  fseek(file, 0, SEEK_END);
  size = ftell(file);
  fseek(file, 0, SEEK_SET);
  bytes = malloc((size_t)size);
  if (fread(bytes, 1, (size_t)size, file) != (size_t)size || memcmp(bytes + 8, "WAVE", 4) != 0) size = 0;
  fclose(file);
  *channels = 0;
  while (at + 8 <= (size_t)size) {
    const uint32_t chunk = get_u32(bytes + at + 4);
    if (memcmp(bytes + at, "fmt ", 4) == 0) {
      const unsigned tag = bytes[at + 8] | bytes[at + 9] << 8;
      const unsigned bits = bytes[at + 22] | bytes[at + 23] << 8;
      const unsigned sub = chunk >= 40 ? (unsigned)(bytes[at + 32] | bytes[at + 33] << 8) : 0u;
      if ((tag == 3 || (tag == 0xfffe && sub == 3)) && bits == 32)
        *channels = bytes[at + 10] | bytes[at + 11] << 8;
    } else if (memcmp(bytes + at, "data", 4) == 0 && *channels > 0 && at + 8 + chunk <= (size_t)size) {
      size_t i;
      *frames = chunk / 4 / *channels;
      samples = malloc(chunk);
      for (i = 0; i < chunk / 4; ++i) {
        const uint32_t word = get_u32(bytes + at + 8 + 4 * i);
        memcpy(&samples[i], &word, 4);
      }
      break;
    }
    at += 8 + chunk + (chunk & 1);
  }
  free(bytes);
  return samples;
}

static char scratch[512];

/* folder/name into `path`, which holds kPathSize bytes. */
enum { kPathSize = 1024 };
static const char* path_in(char* path, const char* folder, const char* name) {
  if (snprintf(path, kPathSize, "%s/%s", folder, name) >= kPathSize) {
    fprintf(stderr, "test_c_api.c: %s/%s: path too long\n", folder, name);
    exit(2);
  }
  return path;
}

static const char* path_in_scratch(char* path, const char* name) {
  return path_in(path, scratch, name);
}

static int remove_entry(const char* path, const struct stat* info, int type, struct FTW* where) {
  (void)info;
  (void)type;
  (void)where;
  return remove(path);
}

/* ---- Version and statuses ----------------------------------------------------------------------------- */

static void test_version_and_statuses(void) {
  static const auralis_status all[] = {
      AURALIS_OK,
      AURALIS_ERROR_INVALID_ARGUMENT,
      AURALIS_ERROR_FILE_NOT_FOUND,
      AURALIS_ERROR_UNREADABLE_FILE,
      AURALIS_ERROR_TRUNCATED_FILE,
      AURALIS_ERROR_EMPTY_AUDIO,
      AURALIS_ERROR_TOO_MANY_CHANNELS,
      AURALIS_ERROR_UNSUPPORTED_RATE,
      AURALIS_ERROR_NON_FINITE_SAMPLES,
      AURALIS_ERROR_WRITE_FAILED,
      AURALIS_ERROR_OUTPUT_IS_INPUT,
      AURALIS_ERROR_UNSUPPORTED_FORMAT,
      AURALIS_ERROR_BACKEND_UNAVAILABLE,
      AURALIS_ERROR_OUT_OF_MEMORY,
      AURALIS_ERROR_UNUSABLE_REFERENCE,
      AURALIS_ERROR_WOULD_CLIP,
      AURALIS_ERROR_CANCELLED,
      AURALIS_ERROR_TRACKS_FAILED,
      AURALIS_ERROR_INTERNAL,
  };
  const size_t count = sizeof all / sizeof all[0];
  char numbers[64];
  size_t i, j;
  snprintf(numbers, sizeof numbers, "%d.%d.%d", AURALIS_VERSION_MAJOR, AURALIS_VERSION_MINOR,
           AURALIS_VERSION_PATCH);
  CHECK(strcmp(AURALIS_VERSION, numbers) == 0);
  CHECK(strcmp(auralis_version(), AURALIS_VERSION) == 0);

  /* Every status has its own non-empty name; the C++ codes keep theirs. */
  for (i = 0; i < count; ++i) {
    const char* name = auralis_status_string(all[i]);
    CHECK(name != NULL && name[0] != '\0' && strcmp(name, "unknown_status") != 0);
    for (j = 0; j < i; ++j) CHECK(strcmp(name, auralis_status_string(all[j])) != 0);
  }
  CHECK(strcmp(auralis_status_string(AURALIS_OK), "ok") == 0);
  CHECK(strcmp(auralis_status_string(AURALIS_ERROR_NON_FINITE_SAMPLES), "non_finite_samples") == 0);
  CHECK(strcmp(auralis_status_string(AURALIS_ERROR_WOULD_CLIP), "would_clip") == 0);
  CHECK(strcmp(auralis_status_string((auralis_status)16), "unknown_status") == 0);
  CHECK(strcmp(auralis_status_string((auralis_status)-1), "unknown_status") == 0);
}

/* ---- Meter -------------------------------------------------------------------------------------------- */

static void check_same_loudness(const auralis_loudness* a, const auralis_loudness* b, int line) {
  check(a->integrated_lufs.has_value == b->integrated_lufs.has_value &&
            a->integrated_lufs.value == b->integrated_lufs.value,
        "same integrated loudness", line);
  check(a->loudness_range_lu.has_value == b->loudness_range_lu.has_value &&
            a->loudness_range_lu.value == b->loudness_range_lu.value,
        "same loudness range", line);
  check(a->max_momentary_lufs.value == b->max_momentary_lufs.value, "same max momentary", line);
  check(a->max_short_term_lufs.value == b->max_short_term_lufs.value, "same max short-term", line);
  check(a->sample_peak == b->sample_peak, "same sample peak", line);
  check(a->true_peak.has_value == b->true_peak.has_value && a->true_peak.value == b->true_peak.value,
        "same true peak", line);
  check(a->frames == b->frames, "same frames", line);
}

/* EBU Tech 3341 case 1: a stereo 1 kHz sine at -23 dBFS reads -23.0 LUFS (+-0.1) momentary, short-term and
   integrated; 5 s instead of 20 (the readings of a steady tone do not change after 3 s). */
static const unsigned kRate = 48000;
static const size_t kToneFrames = 5 * 48000;

static void test_meter(auralis_loudness* tone_loudness) {
  const double amplitude = pow(10.0, -23.0 / 20.0);
  float* tone = sine(kToneFrames, 2, kRate, 1000.0, amplitude);
  float* left = malloc(kToneFrames * sizeof(float));
  float* right = malloc(kToneFrames * sizeof(float));
  const float* planes[2];
  auralis_meter* meter = NULL;
  auralis_meter* planar = NULL;
  auralis_loudness loudness, from_planes, after_reset;
  auralis_optional lufs;
  size_t i, at;
  for (i = 0; i < kToneFrames; ++i) {
    left[i] = tone[2 * i];
    right[i] = tone[2 * i + 1];
  }
  planes[0] = left;
  planes[1] = right;

  CHECK_STATUS(auralis_meter_create(2, kRate, NULL, &meter), AURALIS_OK);
  CHECK(strcmp(auralis_last_error(), "") == 0);
  /* Interleaved in blocks of an odd size. */
  for (at = 0; at < kToneFrames; at += 4801) {
    const size_t block = kToneFrames - at < 4801 ? kToneFrames - at : 4801;
    CHECK_STATUS(auralis_meter_add_interleaved(meter, tone + 2 * at, block), AURALIS_OK);
  }
  CHECK_STATUS(auralis_meter_loudness(meter, &loudness), AURALIS_OK);
  CHECK(loudness.integrated_lufs.has_value);
  CHECK_NEAR(loudness.integrated_lufs.value, -23.0, 0.1);
  CHECK_NEAR(loudness.max_momentary_lufs.value, -23.0, 0.1);
  CHECK_NEAR(loudness.max_short_term_lufs.value, -23.0, 0.1);
  CHECK(loudness.loudness_range_lu.has_value);
  CHECK_NEAR(loudness.loudness_range_lu.value, 0.0, 0.1);
  CHECK_NEAR(loudness.sample_peak, amplitude, 1e-6);
  CHECK_NEAR(loudness.sample_peak_dbfs.value, -23.0, 1e-4);
  CHECK(loudness.true_peak.has_value && loudness.true_peak.value >= loudness.sample_peak);
  CHECK_NEAR(loudness.true_peak_dbtp.value, -23.0, 0.2);
  CHECK(loudness.frames == kToneFrames);
  CHECK_STATUS(auralis_meter_momentary(meter, &lufs), AURALIS_OK);
  CHECK(lufs.has_value);
  CHECK_NEAR(lufs.value, -23.0, 0.1);
  CHECK_STATUS(auralis_meter_short_term(meter, &lufs), AURALIS_OK);
  CHECK(lufs.has_value);
  CHECK_NEAR(lufs.value, -23.0, 0.1);
  *tone_loudness = loudness;

  /* The same samples in planes, in one call: the same results, bit for bit. */
  CHECK_STATUS(auralis_meter_create(2, kRate, NULL, &planar), AURALIS_OK);
  CHECK_STATUS(auralis_meter_add_planar(planar, planes, kToneFrames), AURALIS_OK);
  CHECK_STATUS(auralis_meter_loudness(planar, &from_planes), AURALIS_OK);
  check_same_loudness(&loudness, &from_planes, __LINE__);

  /* Reset: nothing measured, then the same again. */
  CHECK_STATUS(auralis_meter_reset(planar), AURALIS_OK);
  CHECK_STATUS(auralis_meter_loudness(planar, &after_reset), AURALIS_OK);
  CHECK(after_reset.frames == 0 && !after_reset.integrated_lufs.has_value && after_reset.sample_peak == 0.0);
  CHECK_STATUS(auralis_meter_momentary(planar, &lufs), AURALIS_OK);
  CHECK(!lufs.has_value);
  CHECK_STATUS(auralis_meter_add_planar(planar, planes, kToneFrames), AURALIS_OK);
  CHECK_STATUS(auralis_meter_loudness(planar, &after_reset), AURALIS_OK);
  check_same_loudness(&loudness, &after_reset, __LINE__);

  /* A block with one NaN (or infinity) is refused whole; the meter is unchanged. */
  tone[1001] = (float)NAN;
  CHECK_STATUS(auralis_meter_add_interleaved(meter, tone, 2000), AURALIS_ERROR_NON_FINITE_SAMPLES);
  CHECK_MESSAGE_NAMES("NaN");
  left[7] = (float)INFINITY;
  CHECK_STATUS(auralis_meter_add_planar(meter, planes, 100), AURALIS_ERROR_NON_FINITE_SAMPLES);
  CHECK_STATUS(auralis_meter_loudness(meter, &after_reset), AURALIS_OK);
  check_same_loudness(&loudness, &after_reset, __LINE__);

  /* Null pointers, bad planes, nothing to add. */
  CHECK_STATUS(auralis_meter_add_interleaved(NULL, tone, 10), AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_MESSAGE_NAMES("meter");
  CHECK_STATUS(auralis_meter_add_interleaved(meter, NULL, 10), AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_MESSAGE_NAMES("samples");
  CHECK_STATUS(auralis_meter_add_interleaved(meter, NULL, 0), AURALIS_OK);
  CHECK_STATUS(auralis_meter_add_planar(meter, NULL, 10), AURALIS_ERROR_INVALID_ARGUMENT);
  planes[1] = NULL;
  CHECK_STATUS(auralis_meter_add_planar(meter, planes, 10), AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_MESSAGE_NAMES("planes[1]");
  CHECK_STATUS(auralis_meter_loudness(meter, NULL), AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(auralis_meter_loudness(NULL, &loudness), AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(auralis_meter_momentary(NULL, &lufs), AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(auralis_meter_momentary(meter, NULL), AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(auralis_meter_short_term(meter, NULL), AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(auralis_meter_reset(NULL), AURALIS_ERROR_INVALID_ARGUMENT);
  auralis_meter_destroy(NULL);
  auralis_meter_destroy(meter);
  auralis_meter_destroy(planar);
  free(tone);
  free(left);
  free(right);
}

static void test_meter_edges(void) {
  float* silence = calloc(48000 * 2, sizeof(float));
  float* tone = sine(24000, 2, kRate, 1000.0, 0.5);
  auralis_loudness_options options;
  auralis_meter* meter = NULL;
  auralis_loudness loudness;
  auralis_optional lufs;

  /* Silence: nothing measurable, and no NaN or -inf to stand for it. */
  CHECK_STATUS(auralis_meter_create(2, kRate, NULL, &meter), AURALIS_OK);
  CHECK_STATUS(auralis_meter_add_interleaved(meter, silence, 48000), AURALIS_OK);
  CHECK_STATUS(auralis_meter_loudness(meter, &loudness), AURALIS_OK);
  CHECK(!loudness.integrated_lufs.has_value && loudness.integrated_lufs.value == 0.0);
  CHECK(!loudness.max_momentary_lufs.has_value && !loudness.loudness_range_lu.has_value);
  CHECK(loudness.sample_peak == 0.0 && !loudness.sample_peak_dbfs.has_value);
  CHECK(loudness.true_peak.has_value && loudness.true_peak.value == 0.0 &&
        !loudness.true_peak_dbtp.has_value);
  auralis_meter_destroy(meter);

  /* Momentary needs 400 ms; the true peak can be turned off. */
  CHECK_STATUS(auralis_loudness_options_init(&options), AURALIS_OK);
  CHECK(options.true_peak == 1 && options.lra_sampling == AURALIS_LRA_EVERY_100MS && options.threads == 1);
  options.true_peak = 0;
  CHECK_STATUS(auralis_meter_create(2, kRate, &options, &meter), AURALIS_OK);
  CHECK_STATUS(auralis_meter_add_interleaved(meter, tone, 14400), AURALIS_OK);
  CHECK_STATUS(auralis_meter_momentary(meter, &lufs), AURALIS_OK);
  CHECK(!lufs.has_value);
  CHECK_STATUS(auralis_meter_add_interleaved(meter, tone, 9600), AURALIS_OK);
  CHECK_STATUS(auralis_meter_momentary(meter, &lufs), AURALIS_OK);
  CHECK(lufs.has_value);
  CHECK_STATUS(auralis_meter_short_term(meter, &lufs), AURALIS_OK);
  CHECK(!lufs.has_value);
  CHECK_STATUS(auralis_meter_loudness(meter, &loudness), AURALIS_OK);
  CHECK(!loudness.true_peak.has_value && !loudness.true_peak_dbtp.has_value && loudness.sample_peak > 0.49);
  auralis_meter_destroy(meter);

  /* Bad channel counts, rates and options; *meter is NULL after a failure. */
  meter = (auralis_meter*)&options;
  CHECK_STATUS(auralis_meter_create(0, kRate, NULL, &meter), AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK(meter == NULL);
  CHECK(auralis_last_error()[0] != '\0');
  CHECK_STATUS(auralis_meter_create(33, kRate, NULL, &meter), AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(auralis_meter_create(2, 7999, NULL, &meter), AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(auralis_meter_create(2, 768001, NULL, &meter), AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(auralis_meter_create(2, kRate, NULL, NULL), AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_MESSAGE_NAMES("meter");
  options.lra_sampling = (auralis_lra_sampling)5;
  CHECK_STATUS(auralis_meter_create(2, kRate, &options, &meter), AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_MESSAGE_NAMES("lra_sampling");
  CHECK_STATUS(auralis_loudness_options_init(NULL), AURALIS_ERROR_INVALID_ARGUMENT);
  free(silence);
  free(tone);
}

/* 5.1 with a different tone in each channel (the LFE weighs 0, the surrounds 1.41): interleaved and planar
   read alike only when every sample reaches its own channel. */
static void test_meter_channels(void) {
  enum { kChannels = 6 };
  const size_t frames = 2 * kRate;
  float* interleaved = malloc(frames * kChannels * sizeof(float));
  float* planar[kChannels];
  const float* planes[kChannels];
  auralis_meter* meter = NULL;
  auralis_loudness from_interleaved, from_planes, lfe_only;
  size_t i;
  unsigned c;
  for (c = 0; c < kChannels; ++c) {
    float* tone = sine(frames, 1, kRate, 200.0 * (c + 1), 0.05 * (c + 1));
    planar[c] = tone;
    planes[c] = tone;
    for (i = 0; i < frames; ++i) interleaved[i * kChannels + c] = tone[i];
  }
  CHECK_STATUS(auralis_meter_create(kChannels, kRate, NULL, &meter), AURALIS_OK);
  CHECK_STATUS(auralis_meter_add_interleaved(meter, interleaved, frames), AURALIS_OK);
  CHECK_STATUS(auralis_meter_loudness(meter, &from_interleaved), AURALIS_OK);
  CHECK_STATUS(auralis_meter_reset(meter), AURALIS_OK);
  CHECK_STATUS(auralis_meter_add_planar(meter, planes, frames), AURALIS_OK);
  CHECK_STATUS(auralis_meter_loudness(meter, &from_planes), AURALIS_OK);
  check_same_loudness(&from_interleaved, &from_planes, __LINE__);
  CHECK_NEAR(from_planes.sample_peak, 0.3, 1e-6);
  /* The LFE alone is not loudness. */
  CHECK_STATUS(auralis_meter_reset(meter), AURALIS_OK);
  for (c = 0; c < kChannels; ++c) {
    if (c != 3) memset(planar[c], 0, frames * sizeof(float));
  }
  CHECK_STATUS(auralis_meter_add_planar(meter, planes, frames), AURALIS_OK);
  CHECK_STATUS(auralis_meter_loudness(meter, &lfe_only), AURALIS_OK);
  CHECK(!lfe_only.integrated_lufs.has_value && lfe_only.sample_peak > 0.19);
  auralis_meter_destroy(meter);
  for (c = 0; c < kChannels; ++c) free(planar[c]);
  free(interleaved);
}

/* Two threads, each with its own meter, measuring at once; each keeps its own last error. */
typedef struct thread_work {
  double amplitude;
  auralis_loudness loudness;
  int own_error_kept;
} thread_work;

static int meter_on_a_thread(void* argument) {
  thread_work* work = argument;
  float* tone = sine(2 * kRate, 2, kRate, 1000.0, work->amplitude);
  auralis_meter* meter = NULL;
  int ok = auralis_meter_create(2, kRate, NULL, &meter) == AURALIS_OK &&
           auralis_meter_add_interleaved(meter, tone, 2 * kRate) == AURALIS_OK &&
           auralis_meter_loudness(meter, &work->loudness) == AURALIS_OK;
  ok = ok && auralis_meter_reset(NULL) == AURALIS_ERROR_INVALID_ARGUMENT;
  work->own_error_kept = strstr(auralis_last_error(), "auralis_meter_reset") != NULL;
  auralis_meter_destroy(meter);
  free(tone);
  return ok;
}

static void test_threads(void) {
  thread_work works[2];
  thrd_t threads[2];
  int results[2] = {0, 0};
  int i;
  memset(works, 0, sizeof works);
  works[0].amplitude = pow(10.0, -23.0 / 20.0);
  works[1].amplitude = pow(10.0, -33.0 / 20.0);
  CHECK_STATUS(auralis_meter_create(0, kRate, NULL, NULL), AURALIS_ERROR_INVALID_ARGUMENT);
  for (i = 0; i < 2; ++i) CHECK(thrd_create(&threads[i], meter_on_a_thread, &works[i]) == thrd_success);
  for (i = 0; i < 2; ++i) CHECK(thrd_join(threads[i], &results[i]) == thrd_success && results[i]);
  CHECK_NEAR(works[0].loudness.integrated_lufs.value, -23.0, 0.1);
  CHECK_NEAR(works[1].loudness.integrated_lufs.value, -33.0, 0.1);
  CHECK(works[0].own_error_kept && works[1].own_error_kept);
  /* This thread's message is still its own. */
  CHECK_MESSAGE_NAMES("auralis_meter_create");
}

/* ---- File analysis ------------------------------------------------------------------------------------ */

static void test_analyze_file(const auralis_loudness* tone_loudness) {
  const double amplitude = pow(10.0, -23.0 / 20.0);
  float* tone = sine(kToneFrames, 2, kRate, 1000.0, amplitude);
  static const char garbage[] = "RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00not a format chunk at all";
  char path[kPathSize], missing[kPathSize], corrupt[kPathSize], nan_path[kPathSize];
  auralis_loudness loudness;

  /* The same samples in a float WAV read as the meter read them. */
  CHECK(write_float_wav(path_in_scratch(path, "tone.wav"), tone, kToneFrames, 2, kRate));
  CHECK_STATUS(auralis_analyze_file(path, NULL, &loudness), AURALIS_OK);
  check_same_loudness(tone_loudness, &loudness, __LINE__);

  CHECK_STATUS(auralis_analyze_file(path_in_scratch(missing, "missing.wav"), NULL, &loudness),
               AURALIS_ERROR_FILE_NOT_FOUND);
  CHECK_MESSAGE_NAMES(missing);
  CHECK(write_bytes(path_in_scratch(corrupt, "corrupt.wav"), garbage, sizeof garbage - 1));
  CHECK_STATUS(auralis_analyze_file(corrupt, NULL, &loudness), AURALIS_ERROR_UNREADABLE_FILE);
  CHECK_MESSAGE_NAMES(corrupt);
  tone[999] = (float)NAN;
  CHECK(write_float_wav(path_in_scratch(nan_path, "nan.wav"), tone, kToneFrames, 2, kRate));
  CHECK_STATUS(auralis_analyze_file(nan_path, NULL, &loudness), AURALIS_ERROR_NON_FINITE_SAMPLES);
  CHECK_MESSAGE_NAMES(nan_path);
  CHECK_STATUS(auralis_analyze_file(NULL, NULL, &loudness), AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_MESSAGE_NAMES("path");
  CHECK_STATUS(auralis_analyze_file(path, NULL, NULL), AURALIS_ERROR_INVALID_ARGUMENT);
  free(tone);
}

/* ---- Mastering ---------------------------------------------------------------------------------------- */

static const size_t kProgrammeFrames = 4 * 44100;

/* Options for the tests: the CPU backend (what runs everywhere), two threads. */
static auralis_master_options test_master_options(void) {
  auralis_master_options options;
  auralis_master_options_init(&options);
  options.backend = AURALIS_BACKEND_CPU;
  options.threads = 2;
  return options;
}

static void test_master_file(void) {
  float* audio = programme(kProgrammeFrames, 1.0);
  auralis_master_options options;
  auralis_master_report report;
  auralis_loudness input_loudness, output_loudness;
  char in[kPathSize], out[kPathSize];

  CHECK_STATUS(auralis_master_options_init(&options), AURALIS_OK);
  CHECK(options.mode == AURALIS_MODE_ADAPTIVE && options.preset == AURALIS_PRESET_ADAPTIVE &&
        options.delivery == AURALIS_DELIVERY_STREAMING && options.limiter == 1 &&
        options.sample_format == AURALIS_SAMPLE_FORMAT_PCM24 && options.dither == 1 &&
        !options.target_lufs.has_value && options.reference_path == NULL && options.plan_json == NULL);
  CHECK_NEAR(options.hybrid_weight, 0.5, 0.0);

  /* Streaming delivery: -14 LUFS within the render's 0.5 LU, the true peak under -1 dBTP. */
  options = test_master_options();
  CHECK(write_float_wav(path_in_scratch(in, "programme.wav"), audio, kProgrammeFrames, 2, 44100));
  CHECK_STATUS(auralis_master_file(in, path_in_scratch(out, "mastered.wav"), &options, &report), AURALIS_OK);
  CHECK(report.target_lufs.has_value);
  CHECK_NEAR(report.target_lufs.value, -14.0, 0.0);
  CHECK_NEAR(report.ceiling_dbtp, -1.0, 0.0);
  CHECK(report.limiter_enabled == 1);
  CHECK_STATUS(auralis_analyze_file(in, NULL, &input_loudness), AURALIS_OK);
  CHECK_NEAR(report.before.integrated_lufs.value, input_loudness.integrated_lufs.value, 1e-9);
  CHECK_NEAR(report.after.integrated_lufs.value, -14.0, 0.5);
  CHECK(report.after.true_peak_dbtp.has_value && report.after.true_peak_dbtp.value <= -1.0 + 0.01);
  /* The clicks, 4.4 dB louder, would reach above -1 dBTP: the limiter took them down, within its budget (the
     target was not lowered). */
  CHECK(report.limiter_reduction.max_db > 1.0 &&
        report.limiter_reduction.max_db >= report.limiter_reduction.p99_db);
  CHECK(report.json != NULL && report.json[0] == '{' && strstr(report.json, "\"after\"") != NULL &&
        strstr(report.json, "\"plan\"") != NULL);
  /* The 24-bit file as written: its dither moves the loudness by far less than 0.01 LU. */
  CHECK_STATUS(auralis_analyze_file(out, NULL, &output_loudness), AURALIS_OK);
  CHECK_NEAR(output_loudness.integrated_lufs.value, report.after.integrated_lufs.value, 0.01);
  CHECK(output_loudness.true_peak_dbtp.value <= -1.0 + 0.01);
  auralis_master_report_free(&report);
  CHECK(report.json == NULL);
  auralis_master_report_free(&report);
  auralis_master_report_free(NULL);
  free(audio);
}

/* The buffer master against the file master of the same samples, to a float file: equal sample for sample
   (both run the same passes on the same floats; float32 output is not dithered). */
static void test_master_buffer(void) {
  float* audio = programme(kProgrammeFrames, 0.5);
  float* mastered = malloc(kProgrammeFrames * 2 * sizeof(float));
  float* from_file;
  auralis_master_options options = test_master_options();
  auralis_master_report file_report, buffer_report;
  char in[kPathSize], out[kPathSize];
  size_t frames = 0, i, differing = 0;
  unsigned channels = 0;

  options.target_lufs.has_value = 1;
  options.target_lufs.value = -18.0;
  options.sample_format = AURALIS_SAMPLE_FORMAT_FLOAT32;
  CHECK(write_float_wav(path_in_scratch(in, "quiet.wav"), audio, kProgrammeFrames, 2, 44100));
  CHECK_STATUS(auralis_master_file(in, path_in_scratch(out, "quiet-mastered.wav"), &options, &file_report),
               AURALIS_OK);
  CHECK_STATUS(auralis_master_buffer(audio, kProgrammeFrames, 2, 44100, &options, mastered, &buffer_report),
               AURALIS_OK);
  CHECK_NEAR(buffer_report.after.integrated_lufs.value, -18.0, 0.5);
  CHECK(buffer_report.after.integrated_lufs.value == file_report.after.integrated_lufs.value);
  from_file = read_float_wav(out, &frames, &channels);
  CHECK(from_file != NULL && frames == kProgrammeFrames && channels == 2);
  if (from_file != NULL && frames == kProgrammeFrames && channels == 2) {
    for (i = 0; i < frames * 2; ++i) differing += from_file[i] != mastered[i];
    CHECK(differing == 0);
  }
  auralis_master_report_free(&file_report);
  auralis_master_report_free(&buffer_report);

  /* In place, without a report. */
  CHECK_STATUS(auralis_master_buffer(audio, kProgrammeFrames, 2, 44100, &options, audio, NULL), AURALIS_OK);
  CHECK(memcmp(audio, mastered, kProgrammeFrames * 2 * sizeof(float)) == 0);
  free(from_file);
  free(mastered);
  free(audio);
}

/* A plan given as JSON is rendered: its target, not the delivery's. */
static void test_master_plan_json(void) {
  const size_t frames = 2 * 44100;
  float* audio = programme(frames, 1.0);
  float* mastered = malloc(frames * 2 * sizeof(float));
  auralis_master_options options = test_master_options();
  auralis_master_report report;
  options.plan_json = "{\"target_lufs\": -20.0, \"preset\": \"gentle\"}";
  CHECK_STATUS(auralis_master_buffer(audio, frames, 2, 44100, &options, mastered, &report), AURALIS_OK);
  CHECK_NEAR(report.target_lufs.value, -20.0, 0.0);
  CHECK_NEAR(report.after.integrated_lufs.value, -20.0, 0.5);
  CHECK(strstr(report.json, "\"gentle\"") != NULL);
  auralis_master_report_free(&report);
  free(mastered);
  free(audio);
}

static void test_master_errors(void) {
  const size_t frames = 44100;
  float* audio = programme(frames, 1.0);
  float* out_audio = malloc(frames * 2 * sizeof(float));
  static const char garbage[] = "RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00not a format chunk at all";
  auralis_master_options options = test_master_options();
  auralis_master_report report;
  char in[kPathSize], out[kPathSize], missing[kPathSize], corrupt[kPathSize], nan_path[kPathSize];

  CHECK(write_float_wav(path_in_scratch(in, "short.wav"), audio, frames, 2, 44100));
  path_in_scratch(out, "short-out.wav");
  /* Missing and corrupt inputs, with defaults (NULL options): named, and the report zeroed. */
  report.json = (char*)garbage;
  CHECK_STATUS(auralis_master_file(path_in_scratch(missing, "nowhere.wav"), out, NULL, &report),
               AURALIS_ERROR_FILE_NOT_FOUND);
  CHECK_MESSAGE_NAMES(missing);
  CHECK(report.json == NULL && report.warning_count == 0);
  CHECK(write_bytes(path_in_scratch(corrupt, "corrupt-master.wav"), garbage, sizeof garbage - 1));
  CHECK_STATUS(auralis_master_file(corrupt, out, &options, &report), AURALIS_ERROR_UNREADABLE_FILE);
  CHECK_MESSAGE_NAMES(corrupt);
  /* The output over the input. */
  CHECK_STATUS(auralis_master_file(in, in, &options, NULL), AURALIS_ERROR_OUTPUT_IS_INPUT);
  CHECK_MESSAGE_NAMES(in);
  /* A file type auralis does not write (MP3 it does, since the delivery formats). */
  CHECK_STATUS(auralis_master_file(in, path_in_scratch(missing, "out.m4a"), &options, NULL),
               AURALIS_ERROR_UNSUPPORTED_FORMAT);
  /* NaN samples in the file. */
  audio[501] = (float)NAN;
  CHECK(write_float_wav(path_in_scratch(nan_path, "nan-master.wav"), audio, frames, 2, 44100));
  CHECK_STATUS(auralis_master_file(nan_path, out, &options, NULL), AURALIS_ERROR_NON_FINITE_SAMPLES);
  CHECK_MESSAGE_NAMES(nan_path);
  CHECK_STATUS(auralis_master_buffer(audio, frames, 2, 44100, &options, out_audio, NULL),
               AURALIS_ERROR_NON_FINITE_SAMPLES);
  audio[501] = 0.0f;
  /* Null pointers. */
  CHECK_STATUS(auralis_master_file(NULL, out, &options, NULL), AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_MESSAGE_NAMES("input");
  CHECK_STATUS(auralis_master_file(in, NULL, &options, NULL), AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_MESSAGE_NAMES("output");
  CHECK_STATUS(auralis_master_buffer(NULL, frames, 2, 44100, &options, out_audio, NULL),
               AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(auralis_master_buffer(audio, frames, 2, 44100, &options, NULL, NULL),
               AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(auralis_master_options_init(NULL), AURALIS_ERROR_INVALID_ARGUMENT);
  /* Bad plan JSON: not JSON, and a misspelt key (named, with the nearest valid one). */
  options.plan_json = "{";
  CHECK_STATUS(auralis_master_file(in, out, &options, NULL), AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_MESSAGE_NAMES("plan JSON");
  options.plan_json = "{\"limiter\": {\"ceilng_dbtp\": -1}}";
  CHECK_STATUS(auralis_master_buffer(audio, frames, 2, 44100, &options, out_audio, NULL),
               AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_MESSAGE_NAMES("limiter.ceiling_dbtp");
  /* Options out of their lists or ranges. */
  options = test_master_options();
  options.mode = (auralis_mode)9;
  CHECK_STATUS(auralis_master_file(in, out, &options, NULL), AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_MESSAGE_NAMES("options->mode");
  options = test_master_options();
  options.mode = AURALIS_MODE_REFERENCE;
  CHECK_STATUS(auralis_master_file(in, out, &options, NULL), AURALIS_ERROR_INVALID_ARGUMENT);
  options = test_master_options();
  options.target_lufs.has_value = 1;
  options.target_lufs.value = NAN;
  CHECK_STATUS(auralis_master_buffer(audio, frames, 2, 44100, &options, out_audio, NULL),
               AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_MESSAGE_NAMES("target_lufs");
  options.target_lufs.value = 3.0;
  CHECK_STATUS(auralis_master_buffer(audio, frames, 2, 44100, &options, out_audio, NULL),
               AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_MESSAGE_NAMES("target");
  options = test_master_options();
  options.hybrid_weight = 2.0;
  CHECK_STATUS(auralis_master_buffer(audio, frames, 2, 44100, &options, out_audio, NULL),
               AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_MESSAGE_NAMES("hybrid_weight");
  /* Bad buffers: channels, rate, no frames. */
  options = test_master_options();
  CHECK_STATUS(auralis_master_buffer(audio, frames, 0, 44100, &options, out_audio, NULL),
               AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(auralis_master_buffer(audio, 100, 33, 44100, &options, out_audio, NULL),
               AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(auralis_master_buffer(audio, frames, 2, 1000, &options, out_audio, NULL),
               AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(auralis_master_buffer(NULL, 0, 2, 44100, &options, NULL, NULL), AURALIS_ERROR_EMPTY_AUDIO);
  free(out_audio);
  free(audio);
}

/* ---- Batches ------------------------------------------------------------------------------------------ */

typedef struct batch_log {
  int started;
  int finished;
  int by_status[4];
  int target_met;
  auralis_status last_error;
  int failure_named;
  const char* expected_failure;
} batch_log;

static void count_event(const auralis_batch_event* event, void* user_data) {
  batch_log* log = user_data;
  if (event->kind == AURALIS_BATCH_TRACK_STARTED) {
    ++log->started;
    return;
  }
  ++log->finished;
  ++log->by_status[event->status];
  if (event->after_lufs.has_value && fabs(event->after_lufs.value - -14.0) <= 0.5) ++log->target_met;
  if (event->status == AURALIS_BATCH_TRACK_FAILED) {
    log->last_error = event->error;
    log->failure_named =
        log->expected_failure != NULL && strstr(event->error_message, log->expected_failure) != NULL;
  }
}

/* Cancels once one track has finished. */
static int cancel_after_first(void* user_data) {
  const batch_log* log = user_data;
  return log->finished >= 1;
}

static void test_batch(void) {
  const size_t frames = 2 * 44100;
  static const char garbage[] = "RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00not a format chunk at all";
  char folder[kPathSize], out_dir[kPathSize], out_dir2[kPathSize], path[kPathSize], corrupt[kPathSize];
  const char* inputs[2];
  static const char* const names[] = {"a.wav", "b.wav", "c.wav"};
  auralis_batch_options options;
  auralis_batch_summary summary;
  batch_log log;
  int i;

  path_in_scratch(folder, "tracks");
  CHECK(mkdir(folder, 0700) == 0);
  for (i = 0; i < 3; ++i) {
    float* audio = programme(frames, 0.5 + 0.25 * i);
    CHECK(write_float_wav(path_in(path, folder, names[i]), audio, frames, 2, 44100));
    free(audio);
  }
  CHECK_STATUS(auralis_batch_options_init(&options), AURALIS_OK);
  CHECK(options.use_cache == 1 && options.jobs == 0 && options.name_template == NULL && options.force == 0 &&
        options.master.limiter == 1);
  options.use_cache = 0;
  options.jobs = 1;
  options.master.backend = AURALIS_BACKEND_CPU;
  options.master.threads = 1;
  inputs[0] = folder;

  /* The folder's three tracks, each mastered to the target. */
  memset(&log, 0, sizeof log);
  CHECK_STATUS(auralis_batch(inputs, 1, path_in_scratch(out_dir, "batch-out"), &options, count_event, &log,
                             NULL, NULL, &summary),
               AURALIS_OK);
  CHECK(summary.mastered == 3 && summary.skipped == 0 && summary.failed == 0 && summary.cancelled == 0);
  CHECK(log.started == 3 && log.finished == 3 && log.by_status[AURALIS_BATCH_TRACK_MASTERED] == 3);
  CHECK(log.target_met == 3);
  path_in(path, out_dir, "b.wav");
  {
    auralis_loudness loudness;
    CHECK_STATUS(auralis_analyze_file(path, NULL, &loudness), AURALIS_OK);
    CHECK_NEAR(loudness.integrated_lufs.value, -14.0, 0.5);
  }

  /* Run again: the manifest says all are done. */
  memset(&log, 0, sizeof log);
  CHECK_STATUS(auralis_batch(inputs, 1, out_dir, &options, count_event, &log, NULL, NULL, &summary),
               AURALIS_OK);
  CHECK(summary.skipped == 3 && summary.mastered == 0);
  CHECK(log.started == 0 && log.by_status[AURALIS_BATCH_TRACK_SKIPPED] == 3);

  /* Forced, and cancelled once the first track is done: the other two are not mastered. */
  memset(&log, 0, sizeof log);
  options.force = 1;
  CHECK_STATUS(
      auralis_batch(inputs, 1, out_dir, &options, count_event, &log, cancel_after_first, &log, &summary),
      AURALIS_ERROR_CANCELLED);
  CHECK(summary.mastered == 1 && summary.cancelled == 2 && summary.failed == 0);
  CHECK(log.started == 1 && log.finished == 1);
  CHECK_MESSAGE_NAMES("cancelled");

  /* One good track and one corrupt: the good one is mastered, the corrupt one fails, named. */
  CHECK(write_bytes(path_in_scratch(corrupt, "corrupt-batch.wav"), garbage, sizeof garbage - 1));
  path_in(path, folder, "a.wav");
  inputs[0] = path;
  inputs[1] = corrupt;
  memset(&log, 0, sizeof log);
  log.expected_failure = corrupt;
  CHECK_STATUS(auralis_batch(inputs, 2, path_in_scratch(out_dir2, "batch-out2"), &options, count_event, &log,
                             NULL, NULL, &summary),
               AURALIS_ERROR_TRACKS_FAILED);
  CHECK(summary.mastered == 1 && summary.failed == 1);
  CHECK(log.by_status[AURALIS_BATCH_TRACK_FAILED] == 1 && log.last_error == AURALIS_ERROR_UNREADABLE_FILE &&
        log.failure_named);
  CHECK_MESSAGE_NAMES(corrupt);

  /* Batches that cannot run. */
  CHECK_STATUS(auralis_batch(inputs, 0, out_dir2, &options, NULL, NULL, NULL, NULL, &summary),
               AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(auralis_batch(NULL, 1, out_dir2, &options, NULL, NULL, NULL, NULL, NULL),
               AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(auralis_batch(inputs, 1, NULL, &options, NULL, NULL, NULL, NULL, NULL),
               AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_MESSAGE_NAMES("output_dir");
  inputs[1] = NULL;
  CHECK_STATUS(auralis_batch(inputs, 2, out_dir2, &options, NULL, NULL, NULL, NULL, NULL),
               AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_MESSAGE_NAMES("inputs[1]");
  inputs[1] = path_in_scratch(corrupt, "no-such-track.wav");
  CHECK_STATUS(auralis_batch(inputs, 2, out_dir2, &options, NULL, NULL, NULL, NULL, &summary),
               AURALIS_ERROR_FILE_NOT_FOUND);
  CHECK_MESSAGE_NAMES(corrupt);
  CHECK(summary.mastered == 0 && summary.failed == 0);
  options.album = (auralis_album_mode)7;
  CHECK_STATUS(auralis_batch(inputs, 1, out_dir2, &options, NULL, NULL, NULL, NULL, NULL),
               AURALIS_ERROR_INVALID_ARGUMENT);
  CHECK_MESSAGE_NAMES("options->album");
  CHECK_STATUS(auralis_batch_options_init(NULL), AURALIS_ERROR_INVALID_ARGUMENT);
}

int main(void) {
  const char* tmp = getenv("TMPDIR");
  auralis_loudness tone_loudness;
  snprintf(scratch, sizeof scratch, "%s/auralis-c-api-XXXXXX", tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
  if (mkdtemp(scratch) == NULL) {
    perror("mkdtemp");
    return 1;
  }
  test_version_and_statuses();
  test_meter(&tone_loudness);
  test_meter_edges();
  test_meter_channels();
  test_threads();
  test_analyze_file(&tone_loudness);
  test_master_file();
  test_master_buffer();
  test_master_plan_json();
  test_master_errors();
  test_batch();
  nftw(scratch, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  printf("%d checks, %d failed\n", checks_run, checks_failed);
  return checks_failed == 0 ? 0 : 1;
}
