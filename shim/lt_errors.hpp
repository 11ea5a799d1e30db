// lt_errors.hpp — how every file of the shim turns a failure into an lt_status and a
// one-line sentence in lt_error (the rule of lt_shim.h: no C++ exception crosses the C
// boundary). An internal C++ header of shim/; the C harness never sees it.
#ifndef LT_ERRORS_HPP
#define LT_ERRORS_HPP

#include "lt_shim.h"

#include <string>

namespace lt_errors {

// Writes a one-line sentence into err (when err is not NULL: newlines and tabs become
// spaces) and returns s.
lt_status fail(lt_error *err, lt_status s, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

// s without leading and trailing blanks.
std::string trim(const std::string &s);

// The line of an exception message that says what went wrong. Errors raised inside the
// TorchScript interpreter read "The following operation failed in the TorchScript
// interpreter.", a traceback of indented lines, then "SomeError: why": keep that last
// part. Anything else: its first non-empty line.
std::string reason_line(const std::string &raw);

// Whether an exception's text says the host or device ran out of memory.
bool is_oom_text(const std::string &s);

// Turns the exception being handled into a status and a sentence "<context>: <reason>".
// dflt is the status for an ordinary failure; out-of-memory is always LT_ERR_OOM and,
// when unsupported_ok, "not implemented for" (e.g. fp16 conv on CPU) is
// LT_ERR_UNSUPPORTED. Call only from inside a catch block.
lt_status from_exception(lt_error *err, lt_status dflt, const std::string &context,
                         bool unsupported_ok = false) noexcept;

// The reason line of the exception being handled (call only inside a catch block).
std::string exception_line() noexcept;

}  // namespace lt_errors

#endif
