// Argument checks for the N-API surface: every bad input becomes a JS error that names it.
#pragma once
#include <napi.h>

#include <cmath>
#include <string>
#include <vector>

namespace clusterlens::binding {

inline std::string describe(const Napi::Value& v) {
  if (v.IsUndefined()) return "undefined";
  if (v.IsNull()) return "null";
  if (v.IsTypedArray()) {
    switch (v.As<Napi::TypedArray>().TypedArrayType()) {
      case napi_int32_array: return "Int32Array";
      case napi_float32_array: return "Float32Array";
      case napi_float64_array: return "Float64Array";
      case napi_uint8_array: return "Uint8Array";
      default: return "another typed array";
    }
  }
  if (v.IsArray()) return "an array";
  if (v.IsNumber()) return std::to_string(v.As<Napi::Number>().DoubleValue());
  if (v.IsString()) return "'" + v.As<Napi::String>().Utf8Value() + "'";
  if (v.IsBoolean()) return v.As<Napi::Boolean>().Value() ? "true" : "false";
  return "an object";
}

[[noreturn]] inline void fail(Napi::Env env, const std::string& message) {
  throw Napi::TypeError::New(env, message);
}

inline Napi::Object expect_object(const Napi::Value& v, const std::string& name) {
  if (!v.IsObject() || v.IsArray() || v.IsTypedArray()) fail(v.Env(), name + ": expected an object, got " + describe(v));
  return v.As<Napi::Object>();
}

inline double expect_number(const Napi::Value& v, const std::string& name) {
  if (!v.IsNumber()) fail(v.Env(), name + ": expected a number, got " + describe(v));
  double x = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(x)) fail(v.Env(), name + ": expected a finite number, got " + describe(v));
  return x;
}

inline int expect_int(const Napi::Value& v, const std::string& name, double lo = -2147483648.0,
                      double hi = 2147483647.0) {
  double x = expect_number(v, name);
  if (x != std::floor(x)) fail(v.Env(), name + ": expected an integer, got " + describe(v));
  if (x < lo || x > hi) {
    fail(v.Env(), name + ": " + describe(v) + " is outside [" + std::to_string((long long)lo) + ", " +
                      std::to_string((long long)hi) + "]");
  }
  return (int)x;
}

// obj[key] as a number, or fallback when the key is absent.
inline double number_field(const Napi::Object& obj, const char* key, const std::string& prefix, double fallback) {
  Napi::Value v = obj.Get(key);
  return v.IsUndefined() ? fallback : expect_number(v, prefix + key);
}
inline int int_field(const Napi::Object& obj, const char* key, const std::string& prefix) {
  return expect_int(obj.Get(key), prefix + key);
}
inline int int_field(const Napi::Object& obj, const char* key, const std::string& prefix, int fallback) {
  Napi::Value v = obj.Get(key);
  return v.IsUndefined() ? fallback : expect_int(v, prefix + key);
}

template <typename T>
inline const char* typed_array_name();
template <>
inline const char* typed_array_name<float>() { return "Float32Array"; }
template <>
inline const char* typed_array_name<int32_t>() { return "Int32Array"; }

template <typename T>
inline napi_typedarray_type typed_array_kind();
template <>
inline napi_typedarray_type typed_array_kind<float>() { return napi_float32_array; }
template <>
inline napi_typedarray_type typed_array_kind<int32_t>() { return napi_int32_array; }

// Copies a typed array of the expected element type; expected_length < 0 accepts any length.
template <typename T>
std::vector<T> copy_typed_array(const Napi::Value& v, const std::string& name, long long expected_length = -1) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != typed_array_kind<T>()) {
    fail(v.Env(), name + ": expected a " + typed_array_name<T>() + ", got " + describe(v));
  }
  auto array = v.As<Napi::TypedArrayOf<T>>();
  if (expected_length >= 0 && (long long)array.ElementLength() != expected_length) {
    fail(v.Env(), name + ": expected length " + std::to_string(expected_length) + ", got " +
                      std::to_string(array.ElementLength()));
  }
  return std::vector<T>(array.Data(), array.Data() + array.ElementLength());
}

inline void check_all_finite(Napi::Env env, const std::vector<float>& values, const std::string& name) {
  for (size_t i = 0; i < values.size(); i++) {
    if (!std::isfinite(values[i])) {
      fail(env, name + "[" + std::to_string(i) + "]: " + std::to_string(values[i]) + " is not finite");
    }
  }
}

inline Napi::Float32Array to_float32_array(Napi::Env env, const float* data, size_t n) {
  auto out = Napi::Float32Array::New(env, n);
  if (n) std::copy(data, data + n, out.Data());
  return out;
}

}  // namespace clusterlens::binding
