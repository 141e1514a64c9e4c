#include "canvasexport.h"

#include "canvasmesh.h"

#include <QFileInfo>
#include <QFont>
#include <QFontMetricsF>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QTextLayout>

#include <algorithm>
#include <cmath>

namespace sg::app {

namespace {

using Layer = CanvasScene::Layer;
using Slot = CanvasScene::Slot;

// The largest picture side: a board of thousands of elements is scaled down to fit.
constexpr double kMaxPixels = 16000;
constexpr double kMargin = 40;

QFont fontOf(double pixelSize, bool bold) {
    QFont font;
    font.setPixelSize(std::max(1, static_cast<int>(std::lround(pixelSize))));
    font.setWeight(bold ? QFont::DemiBold : QFont::Normal);
    return font;
}

// Wrapped text in `box`, at most `maxLines` lines, the last elided; optionally centred.
void drawText(QPainter &painter, const QString &text, const QRectF &box, double pixelSize,
              bool bold, const QColor &ink, int maxLines, bool centred) {
    if (text.isEmpty() || box.width() <= 0) {
        return;
    }
    const QFont font = fontOf(pixelSize, bold);
    const QFontMetricsF metrics(font);
    maxLines =
        std::min(maxLines, std::max(1, static_cast<int>(box.height() / metrics.lineSpacing())));
    QStringList lines;
    QTextLayout layout(text, font);
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(option);
    layout.beginLayout();
    for (;;) {
        QTextLine line = layout.createLine();
        if (!line.isValid()) {
            break;
        }
        line.setLineWidth(box.width());
        if (lines.size() + 1 == maxLines) {
            lines.append(metrics.elidedText(text.mid(line.textStart()).simplified(), Qt::ElideRight,
                                            box.width()));
            break;
        }
        lines.append(text.mid(line.textStart(), line.textLength()).trimmed());
    }
    layout.endLayout();
    painter.setFont(font);
    painter.setPen(ink);
    const double used = static_cast<double>(lines.size()) * metrics.lineSpacing();
    double y = box.top() + (centred ? std::max(0.0, (box.height() - used) / 2) : 0);
    for (const QString &line : lines) {
        const QRectF row(box.left(), y, box.width(), metrics.lineSpacing());
        painter.drawText(row, (centred ? Qt::AlignHCenter : Qt::AlignLeft) | Qt::AlignTop, line);
        y += metrics.lineSpacing();
    }
}

void paintBoard(QPainter &painter, const CanvasScene &scene, const std::vector<bool> &shown,
                bool dark) {
    const CanvasColors &colors = canvasColors(dark);
    const auto &items = scene.items();
    const auto each = [&](Layer layer, auto draw) {
        for (Slot slot = 0; slot < items.size(); ++slot) {
            if (shown[slot] && items[slot].layer == layer) {
                draw(items[slot], toQRect(items[slot].rect));
            }
        }
    };
    painter.setRenderHint(QPainter::Antialiasing);
    each(Layer::Region, [&](const CanvasScene::Item &item, const QRectF &r) {
        QColor fill = item.fill;
        fill.setAlphaF(dark ? 0.12f : 0.10f);
        QColor band = item.fill;
        band.setAlphaF(dark ? 0.28f : 0.22f);
        QColor frame = item.fill;
        frame.setAlphaF(0.7f);
        painter.fillRect(r, fill);
        painter.fillRect(QRectF(r.left(), r.top(), r.width(),
                                std::min(r.height(), CanvasScene::kRegionTitleHeight)),
                         band);
        painter.setPen(QPen(frame, 2));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(r);
        drawText(painter, item.label, QRectF(r.left() + 14, r.top() + 9, r.width() - 28, 28), 18,
                 true, colors.ink, 1, false);
    });
    for (const CanvasScene::Edge &edge : scene.edges()) {
        if (!shown[edge.from] || !shown[edge.to]) {
            continue;
        }
        std::vector<QPointF> route =
            edgeRoute(toQRect(items[edge.from].rect), toQRect(items[edge.to].rect), 24);
        const QColor color = edgeColor(edge.kind, dark);
        const QPointF tip = route.back();
        QPointF along = tip - route[route.size() - 2];
        const double length = std::hypot(along.x(), along.y());
        along = length > 0 ? along / length : QPointF(1, 0);
        const QPointF n(-along.y(), along.x());
        const QPointF base = tip - along * 9.0;
        route.back() = base + along;
        QPainterPath path(route.front());
        for (std::size_t i = 1; i < route.size(); ++i) {
            path.lineTo(route[i]);
        }
        painter.setPen(QPen(color, 2));
        painter.setBrush(Qt::NoBrush);
        painter.drawPath(path);
        painter.setPen(Qt::NoPen);
        painter.setBrush(color);
        painter.drawPolygon(QPolygonF({tip, base + n * 4.5, base - n * 4.5}));
    }
    each(Layer::Sticky, [&](const CanvasScene::Item &item, const QRectF &r) {
        painter.fillRect(r.translated(3, 4), QColor(0, 0, 0, dark ? 90 : 33));
        painter.fillRect(r, item.fill);
        drawText(painter, item.label, r.adjusted(10, 10, -10, -10), 15, false,
                 QColor(0x1f, 0x23, 0x28), 12, true);
    });
    each(Layer::Card, [&](const CanvasScene::Item &item, const QRectF &r) {
        painter.setOpacity(item.disabled ? 0.55 : 1.0);
        painter.fillRect(r, colors.cardBorder);
        painter.fillRect(r.adjusted(1, 1, -1, -1), colors.cardFill);
        painter.fillRect(QRectF(r.left(), r.top(), 6, r.height()), item.accent);
        drawText(painter, item.caption, QRectF(r.left() + 16, r.top() + 9, r.width() - 28, 14), 9.5,
                 true, colors.mutedInk, 1, false);
        drawText(painter, item.label,
                 QRectF(r.left() + 16, r.top() + 27, r.width() - 28, r.height() - 32), 14, false,
                 colors.ink, 2, false);
        painter.setOpacity(1.0);
    });
}

} // namespace

QString exportBoard(const CanvasScene &scene, const std::unordered_set<std::string> &only,
                    bool dark, const QString &path) {
    const auto &items = scene.items();
    std::vector<bool> shown(items.size(), false);
    QRectF bounds;
    for (Slot slot = 0; slot < items.size(); ++slot) {
        if (only.empty() || only.contains(items[slot].id.value)) {
            shown[slot] = true;
            bounds |= toQRect(items[slot].rect);
        }
    }
    if (bounds.isEmpty()) {
        return QStringLiteral("there is nothing to export");
    }
    bounds.adjust(-kMargin, -kMargin, kMargin, kMargin);
    const QString suffix = QFileInfo(path).suffix().toLower();
    const CanvasColors &colors = canvasColors(dark);
    if (suffix == QLatin1String("svg")) {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly)) {
            return file.errorString();
        }
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(bounds.size().toSize());
        svg.setViewBox(QRectF(QPointF(0, 0), bounds.size()));
        svg.setTitle(QStringLiteral("Stormglass board"));
        QPainter painter(&svg);
        painter.fillRect(QRectF(QPointF(0, 0), bounds.size()), colors.board);
        painter.translate(-bounds.topLeft());
        paintBoard(painter, scene, shown, dark);
        painter.end();
        if (!file.commit()) {
            return file.errorString();
        }
        return {};
    }
    if (suffix != QLatin1String("png")) {
        return QStringLiteral("%1: the board exports as .png or .svg").arg(path);
    }
    const double scale = std::min(2.0, kMaxPixels / std::max(bounds.width(), bounds.height()));
    QImage image((bounds.size() * scale).toSize(), QImage::Format_ARGB32_Premultiplied);
    if (image.isNull()) {
        return QStringLiteral("the picture would be too large");
    }
    image.fill(colors.board);
    QPainter painter(&image);
    painter.scale(scale, scale);
    painter.translate(-bounds.topLeft());
    paintBoard(painter, scene, shown, dark);
    painter.end();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit()) {
        return file.errorString().isEmpty() ? QStringLiteral("could not write %1").arg(path)
                                            : file.errorString();
    }
    return {};
}

} // namespace sg::app
