/* SPDX-License-Identifier: MIT */
/* The C API of auralis: loudness metering, file analysis, mastering of files and of buffers, and batches, for
   C programs and for any language with a C foreign-function interface. C11; valid C++.

   Errors. Every function that can fail returns an auralis_status: AURALIS_OK (0) or the reason. A failure
   also leaves a message for the calling thread, auralis_last_error(), naming the file or argument at fault
   (the message of the C++ auralis::Error behind it). No C++ exception ever leaves a function of this header.
   A NULL pointer where one is required, and an enum value outside its list, are
   AURALIS_ERROR_INVALID_ARGUMENT.

   Ownership. Everything passed in (paths, samples, option strings) is only read, during the call: the library
   keeps no pointer to it once the call returns. What the library hands out, and who frees it:
   - auralis_version() and auralis_status_string(): static text, never freed;
   - auralis_last_error(): the library's, one per thread, valid until this thread's next call of this API;
   - an auralis_meter: made by auralis_meter_create, freed by auralis_meter_destroy (once; never used after);
   - auralis_master_report.json: freed by auralis_master_report_free;
   - the strings of an auralis_batch_event: the library's, valid only during the progress callback.

   Threads. Every function may be called from any thread, and calls on different meters, files and buffers
   run concurrently. One meter must not be used from two threads at once (not even for queries): guard it with
   a lock if threads share it. The last-error message is per thread. Two calls writing the same output path at
   once leave one of the two outputs (each file is written whole, then renamed into place).

   Structs. Their layout is fixed within a major version (libauralis.so.MAJOR). Initialise every options
   struct with its _init function, then change the fields wanted: the defaults are `auralis master`'s. */
#ifndef AURALIS_H
#define AURALIS_H

#include <auralis/export.h>
#include <auralis/version.h>

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Status and errors -------------------------------------------------------------------------------- */

/* Values 1-255 are exactly those of the C++ auralis::ErrorCode (include/auralis/error.hpp); values from 256
   are the C API's own, so no later ErrorCode can collide with them. */
typedef enum auralis_status {
  AURALIS_OK = 0,
  AURALIS_ERROR_INVALID_ARGUMENT = 1,     /* a parameter is out of range or NULL (the message names it) */
  AURALIS_ERROR_FILE_NOT_FOUND = 2,       /* the input path does not exist */
  AURALIS_ERROR_UNREADABLE_FILE = 3,      /* not decodable audio (corrupt or unsupported format) */
  AURALIS_ERROR_TRUNCATED_FILE = 4,       /* the header promises more audio than the file holds */
  AURALIS_ERROR_EMPTY_AUDIO = 5,          /* zero frames */
  AURALIS_ERROR_TOO_MANY_CHANNELS = 6,    /* more than 32 channels in a file */
  AURALIS_ERROR_UNSUPPORTED_RATE = 7,     /* a file's rate outside 8 kHz - 768 kHz */
  AURALIS_ERROR_NON_FINITE_SAMPLES = 8,   /* NaN or infinite samples (the message gives the count) */
  AURALIS_ERROR_WRITE_FAILED = 9,         /* the output could not be written (nothing is left behind) */
  AURALIS_ERROR_OUTPUT_IS_INPUT = 10,     /* writing would replace an input */
  AURALIS_ERROR_UNSUPPORTED_FORMAT = 11,  /* output type or encoding not supported (by its extension) */
  AURALIS_ERROR_BACKEND_UNAVAILABLE = 12, /* the requested compute backend cannot be used here */
  AURALIS_ERROR_OUT_OF_MEMORY = 13,       /* not enough memory; nothing is written */
  AURALIS_ERROR_UNUSABLE_REFERENCE = 14,  /* the reference track has nothing measurable */
  AURALIS_ERROR_WOULD_CLIP = 15,          /* limiter off and the integer output would clip */
  AURALIS_ERROR_CANCELLED = 256,          /* a batch was cancelled by its cancel callback */
  AURALIS_ERROR_TRACKS_FAILED = 257,      /* a batch ran, but some of its tracks failed */
  AURALIS_ERROR_INTERNAL = 258            /* a failure the library did not foresee (a bug) */
} auralis_status;

/* Stable short name of a status: "ok", "invalid_argument", ... (the C++ to_string(ErrorCode) names),
   "cancelled", "tracks_failed", "internal_error"; "unknown_status" for any other value. Never NULL. */
AURALIS_API const char* auralis_status_string(auralis_status status);

/* The message of the calling thread's last failed call ("" after a call that succeeded), e.g.
   "/music/a.wav: no such file". Never NULL. */
AURALIS_API const char* auralis_last_error(void);

/* "MAJOR.MINOR.PATCH" of the library running (AURALIS_VERSION is that of the headers compiled against). */
AURALIS_API const char* auralis_version(void);

/* ---- Values that may be unmeasurable ------------------------------------------------------------------ */

/* A value that may be absent: a loudness of silence, of too little audio or below the -70 LUFS gate, a
   peak of zero in dB, an option left to its default. has_value 0: value is 0 and means nothing. */
typedef struct auralis_optional {
  int has_value;
  double value;
} auralis_optional;

/* ---- Loudness (ITU-R BS.1770-4 / EBU R128) ------------------------------------------------------------ */

typedef enum auralis_lra_sampling {
  AURALIS_LRA_EVERY_100MS = 0, /* EBU Tech 3342: at least 10 Hz (the default) */
  AURALIS_LRA_EVERY_1S = 1     /* as libebur128 samples it; only for comparing with it */
} auralis_lra_sampling;

typedef struct auralis_loudness_options {
  int true_peak;                     /* 1 (default): measure the 4x-oversampled true peak; 0: skip it */
  auralis_lra_sampling lra_sampling; /* AURALIS_LRA_EVERY_100MS */
  unsigned threads; /* auralis_analyze_file: 2 or more scan true peaks on other threads; 1 (default) */
} auralis_loudness_options;

/* Sets the defaults above. */
AURALIS_API auralis_status auralis_loudness_options_init(auralis_loudness_options* options);

/* A measurement. Channels are weighted by BS.1770 for a file's own channel map where it has one, else for
   the conventional layout of their count (1 mono, 2 L R, 3 L R C, 4 L R Ls Rs, 5 L R C Ls Rs,
   6 L R C LFE Ls Rs, ...): the LFE is left out, surrounds weigh 1.41. */
typedef struct auralis_loudness {
  auralis_optional integrated_lufs;     /* gated (-70 LUFS absolute, -10 LU relative) */
  auralis_optional loudness_range_lu;   /* EBU Tech 3342; needs 3 s or more */
  auralis_optional max_momentary_lufs;  /* highest 400 ms loudness */
  auralis_optional max_short_term_lufs; /* highest 3 s loudness */
  double sample_peak;                   /* highest |sample| of all channels, linear (1.0 = 0 dBFS) */
  auralis_optional sample_peak_dbfs;    /* the same in dBFS; absent for a zero peak */
  auralis_optional true_peak;           /* linear; absent when true peak is off */
  auralis_optional true_peak_dbtp;      /* the same in dBTP; absent when off or zero */
  uint64_t frames;                      /* frames measured */
} auralis_loudness;

/* An incremental meter: add blocks of any size, query at any time; results do not depend on how the audio
   is split into blocks. */
typedef struct auralis_meter auralis_meter;

/* Makes a meter for `channels` (1-32) at `sample_rate` (8000-768000 Hz); options NULL: the defaults.
   On success *meter is the new meter (free it with auralis_meter_destroy); on failure it is NULL. */
AURALIS_API auralis_status auralis_meter_create(unsigned channels, unsigned sample_rate,
                                                const auralis_loudness_options* options,
                                                auralis_meter** meter);
/* Frees the meter; NULL is ignored. */
AURALIS_API void auralis_meter_destroy(auralis_meter* meter);

/* Adds `frames` frames of interleaved samples (frames x channels floats; full scale is 1.0). samples may be
   NULL when frames is 0. A block holding NaN or infinite samples is refused whole
   (AURALIS_ERROR_NON_FINITE_SAMPLES) and leaves the meter as it was. */
AURALIS_API auralis_status auralis_meter_add_interleaved(auralis_meter* meter, const float* samples,
                                                         size_t frames);
/* The same for planar samples: planes[c][i] for each of the meter's channels c. */
AURALIS_API auralis_status auralis_meter_add_planar(auralis_meter* meter, const float* const* planes,
                                                    size_t frames);
/* Forgets everything measured: the meter is as new. */
AURALIS_API auralis_status auralis_meter_reset(auralis_meter* meter);

/* Loudness of the last 400 ms (momentary) or 3 s (short-term); absent until that much audio was added, or
   below -70 LUFS. */
AURALIS_API auralis_status auralis_meter_momentary(const auralis_meter* meter, auralis_optional* lufs);
AURALIS_API auralis_status auralis_meter_short_term(const auralis_meter* meter, auralis_optional* lufs);
/* Everything measured so far. */
AURALIS_API auralis_status auralis_meter_loudness(const auralis_meter* meter, auralis_loudness* loudness);

/* Measures an audio file (WAV, FLAC, Ogg Vorbis, Opus, AIFF, MP3, ...), decoded block by block: memory does
   not grow with its length. options NULL: the defaults. Errors name the file: AURALIS_ERROR_FILE_NOT_FOUND,
   _UNREADABLE_FILE, _TRUNCATED_FILE, _EMPTY_AUDIO, _NON_FINITE_SAMPLES, ... */
AURALIS_API auralis_status auralis_analyze_file(const char* path, const auralis_loudness_options* options,
                                                auralis_loudness* loudness);

/* ---- Mastering ---------------------------------------------------------------------------------------- */

typedef enum auralis_mode {
  AURALIS_MODE_ADAPTIVE = 0,  /* from the track's own analysis and a preset (the default) */
  AURALIS_MODE_REFERENCE = 1, /* match reference_path's loudness and spectra */
  AURALIS_MODE_HYBRID = 2     /* hybrid_weight of the reference plan blended with the adaptive one */
} auralis_mode;

typedef enum auralis_preset {
  AURALIS_PRESET_ADAPTIVE = 0,
  AURALIS_PRESET_GENTLE = 1,
  AURALIS_PRESET_WARM = 2,
  AURALIS_PRESET_BRIGHT = 3,
  AURALIS_PRESET_PUNCHY = 4,
  AURALIS_PRESET_LIVE = 5
} auralis_preset;

/* Where the master goes: its loudness target and true-peak ceiling unless given (docs/mastering.md). */
typedef enum auralis_delivery {
  AURALIS_DELIVERY_STREAMING = 0, /* -14 LUFS, -1 dBTP (-2 dBTP when a target louder than -14 is given) */
  AURALIS_DELIVERY_APPLE = 1,     /* -16 LUFS, -1 dBTP */
  AURALIS_DELIVERY_YOUTUBE = 2,   /* -14 LUFS, -1 dBTP */
  AURALIS_DELIVERY_EBU_R128 = 3,  /* -23 LUFS, -1 dBTP */
  AURALIS_DELIVERY_ATSC_A85 = 4,  /* -24 LUFS, -2 dBTP */
  AURALIS_DELIVERY_CD = 5,        /* -10 LUFS, -0.3 dBTP */
  AURALIS_DELIVERY_PODCAST = 6    /* -16 LUFS, -1 dBTP */
} auralis_delivery;

typedef enum auralis_eq_phase {
  AURALIS_EQ_PHASE_PLAN = 0,    /* as the plan has it: linear, unless plan_json says otherwise */
  AURALIS_EQ_PHASE_LINEAR = 1,  /* zero phase; a narrow bass boost rings before transients */
  AURALIS_EQ_PHASE_MINIMUM = 2, /* no pre-echo; the bass lags */
  AURALIS_EQ_PHASE_MIXED = 3    /* minimum phase below about 200 Hz, linear above */
} auralis_eq_phase;

typedef enum auralis_sample_format {
  AURALIS_SAMPLE_FORMAT_PCM16 = 0,
  AURALIS_SAMPLE_FORMAT_PCM24 = 1, /* the default */
  AURALIS_SAMPLE_FORMAT_FLOAT32 = 2
} auralis_sample_format;

typedef enum auralis_backend {
  AURALIS_BACKEND_AUTO = 0, /* a GPU when one is present, else the CPU (the default) */
  AURALIS_BACKEND_CPU = 1,
  AURALIS_BACKEND_VULKAN = 2 /* AURALIS_ERROR_BACKEND_UNAVAILABLE where no Vulkan device can be used */
} auralis_backend;

/* The output file's container and codec. WAV, FLAC and AIFF are lossless; Ogg Vorbis, Opus (8, 12, 16, 24
   or 48 kHz only) and MP3 are lossy: written from float samples (sample_format and dither do not apply), and
   with the limiter on their master is encoded, decoded and measured, the limiter's ceiling lowered until
   the decoded true peak holds the ceiling (auralis_master_report.codec_ceiling). */
typedef enum auralis_file_type {
  AURALIS_FILE_TYPE_AUTO = 0, /* from the output's extension: .wav .flac .aif(f) .ogg/.oga .opus .mp3 */
  AURALIS_FILE_TYPE_WAV = 1,
  AURALIS_FILE_TYPE_FLAC = 2,
  AURALIS_FILE_TYPE_AIFF = 3,
  AURALIS_FILE_TYPE_OGG = 4,  /* Ogg Vorbis */
  AURALIS_FILE_TYPE_OPUS = 5, /* Ogg Opus */
  AURALIS_FILE_TYPE_MP3 = 6   /* MPEG layer III (LAME) */
} auralis_file_type;

/* The spectrum of the dither of integer outputs. */
typedef enum auralis_dither_shape {
  AURALIS_DITHER_TPDF = 0,  /* flat TPDF noise (the default) */
  AURALIS_DITHER_SHAPED = 1 /* TPDF with noise shaping: less noise at 1-5 kHz, more above 15 kHz */
} auralis_dither_shape;

/* Everything `auralis master` can be asked for. Absent optionals take the delivery's, preset's or plan's
   value. */
typedef struct auralis_master_options {
  auralis_mode mode;
  auralis_preset preset;
  double hybrid_weight;       /* the reference plan's share in hybrid mode, 0-1 (default 0.5) */
  const char* reference_path; /* the reference track (reference and hybrid modes); NULL: none */
  /* A plan as plan JSON text (what `auralis master --plan` prints): rendered instead of deciding one, the
     overrides below still applied. NULL: decide the plan. Malformed JSON, an unknown key or a value out of
     range is AURALIS_ERROR_INVALID_ARGUMENT naming it. */
  const char* plan_json;
  auralis_delivery delivery;
  auralis_optional target_lufs;  /* integrated loudness target, instead of the delivery's */
  auralis_optional ceiling_dbtp; /* true-peak ceiling, instead of the delivery's */
  int limiter;                   /* 1 (default): as the plan has it (on); 0: no limiter */
  int allow_clipping;            /* with no limiter, let an integer output clip (default 0) */
  auralis_optional eq_amount;    /* how much of each stage, 0-1 (default 1) */
  auralis_optional dynamics_amount;
  auralis_optional width_amount;
  auralis_optional loudness_amount;
  auralis_optional match_amount;            /* reference/hybrid: how far the EQ moves toward it, 0-1 */
  auralis_optional subsonic_hz;             /* high-pass inside the EQ (default 20 Hz; 0: off) */
  auralis_optional compressor_reduction_db; /* the compressor's mean reduction instead of the preset's */
  auralis_optional sidechain_high_pass_hz;  /* on the compressor's detector (default 100 Hz; 0: off) */
  auralis_eq_phase eq_phase;
  auralis_sample_format sample_format; /* output files only; buffers are float */
  int dither;                          /* TPDF dither for integer formats (default 1) */
  auralis_backend backend;
  unsigned threads; /* worker threads (0, the default: one per core); the output is the same for any */
  /* Delivery, for output files (auralis_master_buffer refuses output_rate_hz and ignores the others; a
     quality for a lossless output is AURALIS_ERROR_INVALID_ARGUMENT): */
  auralis_file_type file_type;       /* AURALIS_FILE_TYPE_AUTO (default): from the output's extension */
  auralis_optional quality;          /* lossy types: the encoder's VBR quality, 0 (smallest) to 1 (best) */
  auralis_dither_shape dither_shape; /* with dither on: AURALIS_DITHER_TPDF (default) or _SHAPED */
  /* The output's sample rate, 8000-768000 Hz, resampled (libsoxr, very high quality) before the EQ,
     compressor and limiter, so the true peak is held at the rate delivered; 0 (default): the input's. */
  unsigned output_rate_hz;
  /* 1: measure what the HTML report plots (loudness over time, gain reduction over time, true-peak overs,
     the output's spectrum) into the report's JSON, for auralis_write_report_html; about 10-15 % more CPU.
     0 (default): the JSON's "curves" are null. */
  int curves;
} auralis_master_options;

/* Sets the defaults: adaptive mode, adaptive preset, streaming delivery, limiter on, 24-bit TPDF-dithered
   output of the type the output's extension names, at the input's rate, automatic backend, all cores. */
AURALIS_API auralis_status auralis_master_options_init(auralis_master_options* options);

/* Gain reduction of a dynamics stage in dB (positive: level taken away) over the audible programme. */
typedef struct auralis_gain_reduction {
  double max_db;
  double p99_db; /* 99th percentile of 16-frame windows */
  double mean_db;
  double seconds_above_1db;
} auralis_gain_reduction;

/* How a lossy output's ceiling was held: each render was encoded, decoded and its true peak measured; over
   the ceiling, the limiter's ceiling was lowered and the track rendered again (at most 4 renders). */
typedef struct auralis_codec_ceiling {
  int applied; /* 1: a lossy output with the limiter on, the fields below hold; 0: they are 0 */
  int renders; /* renders encoded and decoded (1: the first held) */
  double limiter_ceiling_dbtp;   /* the limiter's ceiling of the last render */
  double decoded_true_peak_dbtp; /* the decoded file's true peak, as written */
} auralis_codec_ceiling;

/* What a master measured and did. */
typedef struct auralis_master_report {
  auralis_loudness before;              /* the input */
  auralis_loudness after;               /* the output as rendered (before encoding) */
  auralis_optional target_lufs;         /* the plan's target; absent: no loudness change */
  auralis_optional lowered_target_lufs; /* the target aimed at instead, where the limiter's budget binds */
  double ceiling_dbtp;                  /* the limiter's ceiling */
  int limiter_enabled;
  auralis_gain_reduction compressor_reduction;
  auralis_gain_reduction limiter_reduction;
  size_t warning_count; /* the warnings themselves are in json */
  /* The whole report (profile, plan, loudness, warnings, timings) as JSON, as `auralis master --json` writes
     it; NUL-terminated, the library's: free it with auralis_master_report_free. */
  char* json;
  auralis_codec_ceiling codec_ceiling; /* auralis_master_file of a lossy type */
} auralis_master_report;

/* Frees report->json and zeroes the report. NULL, and a report already freed or zeroed, are ignored. */
AURALIS_API void auralis_master_report_free(auralis_master_report* report);

/* Masters the file `input` into `output` (of options->file_type, by default its extension's), atomically:
   the output appears complete or not at all. options NULL: the defaults. report NULL: not wanted; else it is
   always written (zeroed on failure), so auralis_master_report_free may follow whatever the status.
   Refuses before any work an output that is the input or the reference (AURALIS_ERROR_OUTPUT_IS_INPUT).
   Errors name the file. */
AURALIS_API auralis_status auralis_master_file(const char* input, const char* output,
                                               const auralis_master_options* options,
                                               auralis_master_report* report);

/* Masters `frames` frames of interleaved audio (frames x channels floats) in memory into `output`, which the
   caller provides with room for frames x channels floats: the output has as many frames as the input. output
   may be input itself. The reference, when the options name one, is read from its file. file_type,
   quality, sample_format and dither do not apply; an output_rate_hz is AURALIS_ERROR_INVALID_ARGUMENT (the
   output keeps the input's rate). report as for auralis_master_file. */
AURALIS_API auralis_status auralis_master_buffer(const float* input, size_t frames, unsigned channels,
                                                 unsigned sample_rate, const auralis_master_options* options,
                                                 float* output, auralis_master_report* report);

/* ---- Listening to a master: previews and the HTML report ---------------------------------------------- */

/* One excerpt as written. */
typedef struct auralis_preview_excerpt {
  double loudness_lufs; /* its integrated loudness before its gain */
  double gain_db;       /* applied to match the other excerpt: 0, or negative (never a boost) */
} auralis_preview_excerpt;

typedef struct auralis_previews {
  double start_seconds; /* where both excerpts start in their tracks */
  double seconds;       /* their length (the whole track when it is shorter than asked) */
  auralis_preview_excerpt before, after;
} auralis_previews;

/* Writes the loudest `seconds` (1-600) of the master `mastered` and the same stretch of its `original` as
   two 24-bit WAVs, `before_path` and `after_path`, at equal loudness, for A/B listening that judges the
   master's sound and not its level: the louder excerpt is turned down to the quieter (BS.1770 integrated
   loudness), 10 ms fades at the cuts. The tracks may have different rates (a master resampled on delivery).
   Atomic; never over `original` or `mastered`. out may be NULL; else it is always written (zeroed on
   failure). Errors name the file or argument: AURALIS_ERROR_INVALID_ARGUMENT (seconds out of range, channel
   counts that differ, an excerpt without measurable loudness), those of reading and of writing files. */
AURALIS_API auralis_status auralis_write_master_previews(const char* original, const char* mastered,
                                                         double seconds, const char* before_path,
                                                         const char* after_path, auralis_previews* out);

/* Writes the HTML report of a master (one self-contained page of tables and inline SVG plots, what `auralis
   master --report` writes) to `html_path`, atomically, from `report_json`: the JSON report
   auralis_master_report.json holds (or that `auralis master --json` wrote). Text that does not parse or lacks
   a field the page shows is AURALIS_ERROR_INVALID_ARGUMENT ("report JSON: ..."); AURALIS_ERROR_WRITE_FAILED
   names the path. */
AURALIS_API auralis_status auralis_write_report_html(const char* report_json, const char* html_path);

/* ---- Batches ------------------------------------------------------------------------------------------ */

typedef enum auralis_album_mode {
  AURALIS_ALBUM_NONE = 0,   /* each track mastered alone (the default) */
  AURALIS_ALBUM_FOLDER = 1, /* the tracks of one folder are an album: one gain keeps their differences */
  AURALIS_ALBUM_TAG = 2     /* the tracks with one album tag are an album */
} auralis_album_mode;

typedef enum auralis_gain_tags {
  AURALIS_GAIN_TAGS_NONE = 0,
  AURALIS_GAIN_TAGS_REPLAYGAIN = 1, /* ReplayGain 2.0 tags (FLAC outputs only) */
  AURALIS_GAIN_TAGS_R128 = 2        /* R128_TRACK_GAIN / R128_ALBUM_GAIN (FLAC outputs only) */
} auralis_gain_tags;

/* Everything `auralis batch` can be asked for (docs/batch.md). Each output is of its name's type
   (name_template): master.file_type other than AURALIS_FILE_TYPE_AUTO is AURALIS_ERROR_INVALID_ARGUMENT. */
typedef struct auralis_batch_options {
  auralis_master_options master; /* threads: per track (0: the cores divided among the jobs) */
  const char* name_template;     /* output names below output_dir; NULL: "{dir}/{stem}.{ext}" */
  unsigned jobs;                 /* tracks mastered at once (0, the default: one per core) */
  auralis_album_mode album;
  auralis_gain_tags gain_tags;
  int force;             /* 1: master again the tracks the manifest says are done (default 0) */
  int use_cache;         /* keep analyses in an on-disk cache (default 1) */
  const char* cache_dir; /* NULL: $XDG_CACHE_HOME/auralis/analysis, else ~/.cache/auralis/analysis */
} auralis_batch_options;

AURALIS_API auralis_status auralis_batch_options_init(auralis_batch_options* options);

typedef enum auralis_batch_event_kind {
  AURALIS_BATCH_TRACK_STARTED = 0,
  AURALIS_BATCH_TRACK_FINISHED = 1 /* mastered, skipped (done by an earlier run) or failed */
} auralis_batch_event_kind;

typedef enum auralis_batch_track_status {
  AURALIS_BATCH_TRACK_MASTERED = 0,
  AURALIS_BATCH_TRACK_SKIPPED = 1,
  AURALIS_BATCH_TRACK_FAILED = 2,
  AURALIS_BATCH_TRACK_CANCELLED = 3
} auralis_batch_track_status;

/* One track's progress. The strings are the library's and valid only during the callback. */
typedef struct auralis_batch_event {
  auralis_batch_event_kind kind;
  size_t index; /* the track's position in the batch (sorted by path), from 0 */
  size_t total; /* tracks in the batch */
  const char* input;
  const char* output;
  /* For AURALIS_BATCH_TRACK_FINISHED (zero for STARTED): */
  auralis_batch_track_status status;
  auralis_status error;      /* AURALIS_OK unless failed */
  const char* error_message; /* "" unless failed; names the file */
  auralis_optional before_lufs;
  auralis_optional after_lufs;
  double limiter_p99_db;
} auralis_batch_event;

/* Called for each event, one at a time, from the batch's threads (not necessarily the caller's). It must
   return normally (no longjmp, no exception). */
typedef void (*auralis_batch_progress_fn)(const auralis_batch_event* event, void* user_data);
/* Polled between tracks and between the passes of a track, from any of the batch's threads, possibly at
   once: it must be safe to call concurrently. Non-zero cancels: no further track starts, the tracks in
   progress are abandoned and nothing is written for them. */
typedef int (*auralis_batch_cancel_fn)(void* user_data);

typedef struct auralis_batch_summary {
  size_t mastered;
  size_t skipped;
  size_t failed;
  size_t cancelled;
} auralis_batch_summary;

/* Masters the tracks that `inputs` name (files, folders searched recursively, glob patterns; `count` of
   them) into output_dir, several at once, recording each in output_dir/auralis-manifest.jsonl so that a run
   repeated skips what is done. options NULL: the defaults. progress and cancel may be NULL. summary may be
   NULL; else it is always written (zero before the tracks run).
   Returns AURALIS_OK when every track was mastered or skipped; AURALIS_ERROR_TRACKS_FAILED when some failed
   (the others are mastered; the message is the first failure's, each one's is in its event);
   AURALIS_ERROR_CANCELLED when cancelled (whatever failed before); any other status for a batch that could
   not run (an input naming nothing: AURALIS_ERROR_FILE_NOT_FOUND; the output folder not writable:
   AURALIS_ERROR_WRITE_FAILED). */
AURALIS_API auralis_status auralis_batch(const char* const* inputs, size_t count, const char* output_dir,
                                         const auralis_batch_options* options,
                                         auralis_batch_progress_fn progress, void* progress_user_data,
                                         auralis_batch_cancel_fn cancel, void* cancel_user_data,
                                         auralis_batch_summary* summary);

#ifdef __cplusplus
}
#endif

#endif /* AURALIS_H */
