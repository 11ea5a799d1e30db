// lt_errors.cpp — failures into lt_status and one-line sentences (see lt_errors.hpp).
#include "lt_errors.hpp"

#include <c10/util/Exception.h>

#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <new>
#include <stdexcept>
#include <vector>

namespace lt_errors {

lt_status fail(lt_error *err, lt_status s, const char *fmt, ...) {
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        for (char *p = err->msg; *p; p++)
            if (*p == '\n' || *p == '\r' || *p == '\t') *p = ' ';
    }
    return s;
}

std::string trim(const std::string &s) {
    size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return "";
    size_t e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

static bool starts_with(const std::string &s, const char *prefix) {
    return s.compare(0, std::strlen(prefix), prefix) == 0;
}

std::string reason_line(const std::string &raw) {
    std::vector<std::string> lines;
    size_t pos = 0;
    while (pos <= raw.size()) {
        size_t nl = raw.find('\n', pos);
        if (nl == std::string::npos) nl = raw.size();
        lines.push_back(raw.substr(pos, nl - pos));
        pos = nl + 1;
    }
    bool interp = !lines.empty() &&
                  starts_with(lines[0], "The following operation failed in the TorchScript");
    for (size_t i = interp ? 1 : 0; i < lines.size(); i++) {
        const std::string &l = lines[i];
        if (trim(l).empty()) continue;
        if (interp && (l[0] == ' ' || l[0] == '\t' || starts_with(l, "Traceback of TorchScript")))
            continue;
        return trim(l);
    }
    return interp && !lines.empty() ? trim(lines[0]) : trim(raw);
}

bool is_oom_text(const std::string &s) {
    return s.find("out of memory") != std::string::npos ||
           s.find("can't allocate memory") != std::string::npos ||
           s.find("Out of memory") != std::string::npos ||
           s.find("bad_alloc") != std::string::npos;
}

// The text of the exception being handled, and whether it is an out-of-memory error.
static std::string current_text(bool *oom) {
    *oom = false;
    try {
        throw;
    } catch (const c10::OutOfMemoryError &e) {
        *oom = true;
        return e.what_without_backtrace();
    } catch (const c10::Error &e) {
        return e.what_without_backtrace();
    } catch (const std::bad_alloc &) {
        *oom = true;
        return "out of host memory (std::bad_alloc)";
    } catch (const std::exception &e) {
        return e.what();
    } catch (...) {
        return "unknown C++ exception";
    }
}

lt_status from_exception(lt_error *err, lt_status dflt, const std::string &context,
                         bool unsupported_ok) noexcept {
    try {
        bool oom = false;
        std::string raw = current_text(&oom);
        std::string why = reason_line(raw);
        lt_status s = dflt;
        if (oom || is_oom_text(raw))
            s = LT_ERR_OOM;
        else if (unsupported_ok && raw.find("not implemented for") != std::string::npos)
            s = LT_ERR_UNSUPPORTED;
        return fail(err, s, "%s: %s", context.c_str(), why.c_str());
    } catch (...) {
        return fail(err, dflt == LT_OK ? LT_ERR_RUN : dflt,
                    "%.200s: (the error message could not be formatted)", context.c_str());
    }
}

std::string exception_line() noexcept {
    try {
        bool oom = false;
        return reason_line(current_text(&oom));
    } catch (...) {
        return "(the error message could not be formatted)";
    }
}

}  // namespace lt_errors
