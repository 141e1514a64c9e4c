#include "glyphatlas.h"

#include <QFont>
#include <QFontMetricsF>
#include <QGlyphRun>
#include <QPainter>
#include <QTextLayout>

#include <algorithm>
#include <cmath>

namespace sg::app {

namespace {

constexpr int kAtlasWidth = 1024;
constexpr int kMaxAtlasHeight = 4096;
// Room around each glyph, so that mipmapped minification does not bleed neighbours in.
constexpr int kPadding = 4;

QFont rasterFont(bool bold) {
    QFont font;
    font.setPixelSize(static_cast<int>(GlyphAtlas::kRasterPixelSize));
    font.setWeight(bold ? QFont::DemiBold : QFont::Normal);
    font.setHintingPreference(QFont::PreferNoHinting); // quads are scaled; hinting would not help
    return font;
}

} // namespace

GlyphAtlas::GlyphAtlas() {
    reset();
}

void GlyphAtlas::reset() {
    m_image = QImage(kAtlasWidth, 256, QImage::Format_ARGB32_Premultiplied);
    m_image.fill(Qt::transparent);
    m_cells.clear();
    m_shelfX = m_shelfY = m_shelfHeight = 0;
    ++m_imageRevision;
    ++m_generation;
}

int GlyphAtlas::fontIndex(const QRawFont &font) {
    for (std::size_t i = 0; i < m_fonts.size(); ++i) {
        if (m_fonts[i] == font) {
            return static_cast<int>(i);
        }
    }
    m_fonts.push_back(font);
    return static_cast<int>(m_fonts.size() - 1);
}

bool GlyphAtlas::place(QSize size, QPoint &at) {
    if (m_shelfX + size.width() > m_image.width()) {
        m_shelfY += m_shelfHeight;
        m_shelfX = 0;
        m_shelfHeight = 0;
    }
    if (m_shelfY + size.height() > m_image.height()) {
        if (m_image.height() * 2 > kMaxAtlasHeight) {
            return false;
        }
        QImage grown(m_image.width(), m_image.height() * 2, m_image.format());
        grown.fill(Qt::transparent);
        QPainter painter(&grown);
        painter.drawImage(0, 0, m_image);
        painter.end();
        m_image = std::move(grown);
    }
    at = QPoint(m_shelfX, m_shelfY);
    m_shelfX += size.width();
    m_shelfHeight = std::max(m_shelfHeight, size.height());
    return true;
}

const GlyphAtlas::Cell &GlyphAtlas::cell(const QRawFont &font, quint32 glyph, QRgb ink) {
    auto inkIt = std::find(m_inks.begin(), m_inks.end(), ink);
    if (inkIt == m_inks.end()) {
        m_inks.push_back(ink);
        inkIt = m_inks.end() - 1;
    }
    const auto inkIndex = static_cast<std::uint64_t>(inkIt - m_inks.begin());
    const std::uint64_t key =
        (static_cast<std::uint64_t>(fontIndex(font)) << 40) | (inkIndex << 32) | glyph;
    if (const auto it = m_cells.find(key); it != m_cells.end()) {
        return it->second;
    }
    const QRectF bounds = font.boundingRect(glyph);
    const int left = static_cast<int>(std::floor(bounds.left())) - kPadding;
    const int top = static_cast<int>(std::floor(bounds.top())) - kPadding;
    const int right = static_cast<int>(std::ceil(bounds.right())) + kPadding;
    const int bottom = static_cast<int>(std::ceil(bounds.bottom())) + kPadding;
    const QSize size(std::max(1, right - left), std::max(1, bottom - top));
    QPoint at;
    if (!place(size, at)) {
        // Full: start again. Labels laid out before see a new generation and lay out again.
        reset();
        (void)place(size, at);
    }
    QPainter painter(&m_image);
    painter.setCompositionMode(QPainter::CompositionMode_Source);
    painter.fillRect(QRect(at, size), Qt::transparent);
    painter.setCompositionMode(QPainter::CompositionMode_SourceOver);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.setPen(QColor::fromRgba(ink));
    QGlyphRun run;
    run.setRawFont(font);
    run.setGlyphIndexes({glyph});
    run.setPositions({QPointF(0, 0)});
    painter.drawGlyphRun(QPointF(at.x() - left, at.y() - top), run);
    painter.end();
    ++m_imageRevision;
    return m_cells.emplace(key, Cell{QRectF(at, size), QPointF(left, top)}).first->second;
}

double GlyphAtlas::layout(const QString &text, const Style &style, double width, double height,
                          int maxLines, std::vector<Quad> &out) {
    if (text.isEmpty() || width <= 0 || maxLines <= 0) {
        return 0;
    }
    const double factor = style.pixelSize / kRasterPixelSize;
    const double rasterWidth = width / factor;
    const QFont font = rasterFont(style.bold);
    const QFontMetricsF metrics(font);
    const double lineHeight = metrics.lineSpacing();
    maxLines = std::min(maxLines, std::max(1, static_cast<int>(height / factor / lineHeight)));

    // Break into lines; the last line that fits takes the rest of the text, elided.
    QStringList lines;
    {
        QTextLayout wrapper(text, font);
        QTextOption option;
        option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        wrapper.setTextOption(option);
        wrapper.beginLayout();
        for (;;) {
            QTextLine line = wrapper.createLine();
            if (!line.isValid()) {
                break;
            }
            line.setLineWidth(rasterWidth);
            if (lines.size() + 1 == maxLines) {
                const QString rest = text.mid(line.textStart()).simplified();
                lines.append(metrics.elidedText(rest, Qt::ElideRight, rasterWidth));
                break;
            }
            lines.append(text.mid(line.textStart(), line.textLength()).trimmed());
        }
        wrapper.endLayout();
    }

    const double used = static_cast<double>(lines.size()) * lineHeight * factor;
    const double top = style.centered ? std::max(0.0, (height - used) / 2) : 0;
    const QRgb ink = style.ink.rgba();
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QTextLayout single(lines[i], font);
        single.beginLayout();
        QTextLine line = single.createLine();
        if (!line.isValid()) {
            single.endLayout();
            continue;
        }
        line.setPosition(QPointF(0, 0));
        single.endLayout();
        const double shift =
            style.centered ? std::max(0.0, (rasterWidth - line.naturalTextWidth()) / 2) : 0;
        const double lineTop = static_cast<double>(i) * lineHeight;
        for (const QGlyphRun &run : single.glyphRuns()) {
            const QRawFont raw = run.rawFont();
            const QList<quint32> glyphs = run.glyphIndexes();
            const QList<QPointF> positions = run.positions();
            for (qsizetype g = 0; g < glyphs.size(); ++g) {
                const Cell &c = cell(raw, glyphs[g], ink);
                const QPointF pen = positions[g] + QPointF(shift, lineTop);
                const QPointF at = (pen + c.offset) * factor + QPointF(0, top);
                out.push_back({QRectF(at, c.source.size() * factor), c.source});
            }
        }
    }
    return used;
}

} // namespace sg::app
