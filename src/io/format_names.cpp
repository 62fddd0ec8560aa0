// SPDX-License-Identifier: MIT
// Stable names for libsndfile's container and encoding codes, as reported in SourceFormat.
#include "io/format_names.hpp"

#include <sndfile.h>

namespace auralis::io {

std::string container_name(int sf_format) {
  switch (sf_format & SF_FORMAT_TYPEMASK) {
    case SF_FORMAT_WAV:
      return "WAV";
    case SF_FORMAT_AIFF:
      return "AIFF";
    case SF_FORMAT_AU:
      return "AU";
    case SF_FORMAT_RAW:
      return "RAW";
    case SF_FORMAT_PAF:
      return "PAF";
    case SF_FORMAT_SVX:
      return "SVX";
    case SF_FORMAT_NIST:
      return "NIST";
    case SF_FORMAT_VOC:
      return "VOC";
    case SF_FORMAT_IRCAM:
      return "IRCAM";
    case SF_FORMAT_W64:
      return "W64";
    case SF_FORMAT_MAT4:
      return "MAT4";
    case SF_FORMAT_MAT5:
      return "MAT5";
    case SF_FORMAT_PVF:
      return "PVF";
    case SF_FORMAT_XI:
      return "XI";
    case SF_FORMAT_HTK:
      return "HTK";
    case SF_FORMAT_SDS:
      return "SDS";
    case SF_FORMAT_AVR:
      return "AVR";
    case SF_FORMAT_WAVEX:
      return "WAVEX";
    case SF_FORMAT_SD2:
      return "SD2";
    case SF_FORMAT_FLAC:
      return "FLAC";
    case SF_FORMAT_CAF:
      return "CAF";
    case SF_FORMAT_WVE:
      return "WVE";
    case SF_FORMAT_OGG:
      return "OGG";
    case SF_FORMAT_MPC2K:
      return "MPC2K";
    case SF_FORMAT_RF64:
      return "RF64";
    case SF_FORMAT_MPEG:
      return "MPEG";
    default:
      return "UNKNOWN";
  }
}

std::string encoding_name(int sf_format) {
  switch (sf_format & SF_FORMAT_SUBMASK) {
    case SF_FORMAT_PCM_S8:
      return "PCM_S8";
    case SF_FORMAT_PCM_16:
      return "PCM_16";
    case SF_FORMAT_PCM_24:
      return "PCM_24";
    case SF_FORMAT_PCM_32:
      return "PCM_32";
    case SF_FORMAT_PCM_U8:
      return "PCM_U8";
    case SF_FORMAT_FLOAT:
      return "FLOAT";
    case SF_FORMAT_DOUBLE:
      return "DOUBLE";
    case SF_FORMAT_ULAW:
      return "ULAW";
    case SF_FORMAT_ALAW:
      return "ALAW";
    case SF_FORMAT_IMA_ADPCM:
      return "IMA_ADPCM";
    case SF_FORMAT_MS_ADPCM:
      return "MS_ADPCM";
    case SF_FORMAT_GSM610:
      return "GSM610";
    case SF_FORMAT_VOX_ADPCM:
      return "VOX_ADPCM";
    case SF_FORMAT_NMS_ADPCM_16:
      return "NMS_ADPCM_16";
    case SF_FORMAT_NMS_ADPCM_24:
      return "NMS_ADPCM_24";
    case SF_FORMAT_NMS_ADPCM_32:
      return "NMS_ADPCM_32";
    case SF_FORMAT_G721_32:
      return "G721_32";
    case SF_FORMAT_G723_24:
      return "G723_24";
    case SF_FORMAT_G723_40:
      return "G723_40";
    case SF_FORMAT_DWVW_12:
      return "DWVW_12";
    case SF_FORMAT_DWVW_16:
      return "DWVW_16";
    case SF_FORMAT_DWVW_24:
      return "DWVW_24";
    case SF_FORMAT_DWVW_N:
      return "DWVW_N";
    case SF_FORMAT_DPCM_8:
      return "DPCM_8";
    case SF_FORMAT_DPCM_16:
      return "DPCM_16";
    case SF_FORMAT_VORBIS:
      return "VORBIS";
    case SF_FORMAT_OPUS:
      return "OPUS";
    case SF_FORMAT_ALAC_16:
      return "ALAC_16";
    case SF_FORMAT_ALAC_20:
      return "ALAC_20";
    case SF_FORMAT_ALAC_24:
      return "ALAC_24";
    case SF_FORMAT_ALAC_32:
      return "ALAC_32";
    case SF_FORMAT_MPEG_LAYER_I:
      return "MPEG_LAYER_I";
    case SF_FORMAT_MPEG_LAYER_II:
      return "MPEG_LAYER_II";
    case SF_FORMAT_MPEG_LAYER_III:
      return "MPEG_LAYER_III";
    default:
      return "UNKNOWN";
  }
}

}  // namespace auralis::io
