#pragma once
// std::string <-> QString at the boundary between the Qt-free core and the Qt front end.

#include <QString>

#include <string>

namespace sg::app {

// The core's UTF-8 text as a QString.
[[nodiscard]] inline QString qs(const std::string &text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

// A QString as the core's UTF-8 text.
[[nodiscard]] inline std::string utf8(const QString &text) {
    return text.toStdString();
}

} // namespace sg::app
