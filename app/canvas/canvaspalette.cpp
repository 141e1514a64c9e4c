#include "canvaspalette.h"

namespace sg::app {

using sg::model::ElementKind;

const CanvasColors &canvasColors(bool dark) {
    static const CanvasColors light{
        QColor(0xf4, 0xf6, 0xf9), QColor(0xe3, 0xe7, 0xec),      QColor(0xd3, 0xd9, 0xe0),
        QColor(0xff, 0xff, 0xff), QColor(0xb8, 0xc1, 0xcc),      QColor(0x1f, 0x23, 0x28),
        QColor(0x57, 0x60, 0x6a), QColor(0x6e, 0x77, 0x81),      QColor(0x09, 0x69, 0xda),
        QColor(0xbf, 0x87, 0x00), QColor(0x09, 0x69, 0xda, 0x30)};
    static const CanvasColors darkColors{
        QColor(0x16, 0x1b, 0x22), QColor(0x22, 0x28, 0x30),      QColor(0x2d, 0x34, 0x3e),
        QColor(0x22, 0x27, 0x2e), QColor(0x44, 0x4c, 0x56),      QColor(0xe6, 0xed, 0xf3),
        QColor(0x9d, 0xa7, 0xb3), QColor(0x8b, 0x94, 0x9e),      QColor(0x4c, 0x9a, 0xff),
        QColor(0xe3, 0xb3, 0x41), QColor(0x4c, 0x9a, 0xff, 0x30)};
    return dark ? darkColors : light;
}

QColor kindAccent(ElementKind kind) {
    switch (kind) {
    case ElementKind::BoundedContext:
        return QColor(0x8c, 0x95, 0x9f);
    case ElementKind::EventType:
        return QColor(0xf0, 0x8a, 0x24); // the domain event's orange
    case ElementKind::Producer:
        return QColor(0x25, 0x63, 0xeb);
    case ElementKind::Bus:
        return QColor(0x7c, 0x3a, 0xed);
    case ElementKind::Rule:
        return QColor(0xdb, 0x27, 0x77);
    case ElementKind::Function:
        return QColor(0xd9, 0x5b, 0x0b);
    case ElementKind::StateMachine:
        return QColor(0xc0, 0x26, 0xd3);
    case ElementKind::Queue:
        return QColor(0x08, 0x91, 0xb2);
    case ElementKind::Connection:
        return QColor(0x64, 0x74, 0x8b);
    case ElementKind::ApiDestination:
        return QColor(0x05, 0x96, 0x69);
    case ElementKind::ExternalSystem:
        return QColor(0xbe, 0x18, 0x5d);
    case ElementKind::Sticky:
        return QColor(0xf5, 0xb0, 0x41);
    }
    return QColor(0x8c, 0x95, 0x9f);
}

QColor stickyPaper(sg::model::StickyKind kind) {
    const std::string_view hex = sg::model::stickyColor(kind);
    return QColor(QLatin1StringView(hex.data(), static_cast<qsizetype>(hex.size())));
}

QColor contextTint(const sg::model::BoundedContext &context) {
    QColor color(
        QLatin1StringView(context.color.data(), static_cast<qsizetype>(context.color.size())));
    if (color.isValid()) {
        return color;
    }
    // A context without a colour of its own gets one of a few calm tints, the same one for the
    // same id every time, so that neighbouring regions can be told apart.
    static const QColor tints[] = {QColor(0x3b, 0x82, 0xf6), QColor(0x10, 0xb9, 0x81),
                                   QColor(0xa8, 0x55, 0xf7), QColor(0xf5, 0x9e, 0x0b),
                                   QColor(0x06, 0xb6, 0xd4), QColor(0xec, 0x48, 0x99)};
    std::uint32_t hash = 2166136261u;
    for (const char c : context.id.value) {
        hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
    }
    return tints[hash % std::size(tints)];
}

QColor edgeColor(EdgeKind kind, bool dark) {
    switch (kind) {
    case EdgeKind::Flow:
        return canvasColors(dark).edge;
    case EdgeKind::DeadLetter:
        return QColor(0xcf, 0x22, 0x2e);
    case EdgeKind::Emits:
        return QColor(0x25, 0x63, 0xeb);
    case EdgeKind::Calls:
        return QColor(0x93, 0x33, 0xea);
    case EdgeKind::Uses:
        return dark ? QColor(0x6e, 0x76, 0x81) : QColor(0xaf, 0xb8, 0xc1);
    }
    return canvasColors(dark).edge;
}

} // namespace sg::app
