// SPDX-License-Identifier: MIT
#include "TimelineView.h"

#include <cmath>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QPainter>
#include <QToolTip>
#include <QUrl>

namespace {
constexpr int AxisHeight = 22;
constexpr int BarHeight = 18;
constexpr int CallHeight = 9;
constexpr int CallGap = 6;
constexpr int RowPadding = 6;
constexpr int RightMargin = 34; // room for the last tick's label

QString ms(double value)
{
    return value < 10 ? QStringLiteral("%1 ms").arg(value, 0, 'f', 1)
                      : QStringLiteral("%1 ms").arg(qRound(value));
}

double niceStep(double range, int maxTicks)
{
    const double raw = range / qMax(1, maxTicks);
    const double magnitude = std::pow(10.0, std::floor(std::log10(qMax(raw, 1e-3))));
    for (const double factor : { 1.0, 2.0, 5.0, 10.0 }) {
        if (magnitude * factor >= raw)
            return magnitude * factor;
    }
    return magnitude * 10;
}
} // namespace

TimelineView::TimelineView(QWidget *parent)
    : QWidget(parent)
    , m_emptyText(tr("Run a login to see its timeline."))
{
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAccessibleName(tr("Timeline of the rule chain"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

QColor TimelineView::statusColor(const QString &status)
{
    if (status == QLatin1String("ok"))
        return QColor(0x2e, 0x7d, 0x32);
    if (status == QLatin1String("denied"))
        return QColor(0xe6, 0x51, 0x00);
    if (status == QLatin1String("timeout"))
        return QColor(0x6a, 0x1b, 0x9a);
    if (status == QLatin1String("error"))
        return QColor(0xc6, 0x28, 0x28);
    return QColor(0x9e, 0x9e, 0x9e); // not_run
}

QColor TimelineView::httpColor(const HttpCall &call)
{
    if (!call.status)
        return QColor(0xc6, 0x28, 0x28);
    if (*call.status < 300)
        return QColor(0x15, 0x65, 0xc0);
    if (*call.status < 500)
        return QColor(0xe6, 0x51, 0x00);
    return QColor(0xc6, 0x28, 0x28);
}

void TimelineView::setRules(const QList<RuleResult> &rules)
{
    m_steps.clear();
    double at = 0;
    m_totalMs = 0;
    for (const RuleResult &rule : rules) {
        // The host says when each rule started and when each call started, from the beginning
        // of the chain; a rule without a start (not run) goes after the one before it.
        const double start = rule.startMs.value_or(at);
        m_steps << Step { rule, start };
        at = start + rule.durationMs;
        m_totalMs = qMax(m_totalMs, at);
        for (const HttpCall &call : rule.http)
            m_totalMs = qMax(m_totalMs, call.startMs.value_or(at) + call.durationMs);
    }
    m_totalMs = qMax(m_totalMs, 1.0);
    // What the picture shows, for screen readers.
    QStringList summary;
    for (const Step &step : m_steps)
        summary << tr("%1: %2 in %3, %n HTTP call(s)", nullptr, int(step.rule.http.size()))
                       .arg(step.rule.name, step.rule.status, ms(step.rule.durationMs));
    setAccessibleDescription(summary.join(QStringLiteral("; ")));
    m_selected = -1;
    m_selectedCall = -1;
    updateGeometry();
    update();
    if (!m_steps.isEmpty())
        selectStep(0);
}

void TimelineView::clear(const QString &emptyText)
{
    m_steps.clear();
    m_selected = -1;
    m_selectedCall = -1;
    m_emptyText = emptyText;
    updateGeometry();
    update();
}

void TimelineView::selectStep(int index, int call)
{
    if (index < 0 || index >= m_steps.size())
        return;
    if (call >= m_steps.at(index).rule.http.size())
        call = -1;
    m_selected = index;
    m_selectedCall = call;
    update();
    emit stepSelected(index, call);
}

int TimelineView::labelWidth() const
{
    int widest = fontMetrics().horizontalAdvance(tr("Rule"));
    for (const Step &step : m_steps)
        widest = qMax(widest, fontMetrics().horizontalAdvance(step.rule.name));
    return qBound(90, widest + 24, qMax(90, width() / 3));
}

int TimelineView::rowHeight(int index) const
{
    return BarHeight + RowPadding * 2 + int(m_steps.at(index).rule.http.size()) * (CallHeight + CallGap);
}

int TimelineView::rowTop(int index) const
{
    int top = AxisHeight;
    for (int i = 0; i < index; ++i)
        top += rowHeight(i);
    return top;
}

double TimelineView::xFor(double value) const
{
    const int left = labelWidth();
    const double span = qMax(10, width() - left - RightMargin);
    return left + span * (value / m_totalMs);
}

QRectF TimelineView::barRect(int index) const
{
    const Step &step = m_steps.at(index);
    const double x0 = xFor(step.startMs);
    const double x1 = qMax(x0 + 3, xFor(step.startMs + step.rule.durationMs));
    return QRectF(x0, rowTop(index) + RowPadding, x1 - x0, BarHeight);
}

QRectF TimelineView::callRect(int index, int call) const
{
    const Step &step = m_steps.at(index);
    const HttpCall &http = step.rule.http.at(call);
    const double start = http.startMs.value_or(step.startMs);
    const double x0 = xFor(start);
    const double x1 = qMax(x0 + 3, xFor(start + http.durationMs));
    const double top = rowTop(index) + RowPadding + BarHeight + CallGap + call * (CallHeight + CallGap);
    return QRectF(x0, top, x1 - x0, CallHeight);
}

QSize TimelineView::sizeHint() const
{
    int height = AxisHeight + 8;
    for (int i = 0; i < m_steps.size(); ++i)
        height += rowHeight(i);
    return QSize(480, qMax(height, 90));
}

QSize TimelineView::minimumSizeHint() const
{
    return QSize(240, 80);
}

void TimelineView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    painter.fillRect(rect(), pal.base());
    if (m_steps.isEmpty()) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(rect().adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap, m_emptyText);
        return;
    }
    const int left = labelWidth();
    // Axis with round ticks.
    const double step = niceStep(m_totalMs, qMax(2, (width() - left) / 90));
    painter.setPen(pal.color(QPalette::Mid));
    painter.drawLine(QPointF(left, AxisHeight - 2), QPointF(width() - RightMargin, AxisHeight - 2));
    for (double t = 0; t <= m_totalMs + 1e-9; t += step) {
        const double x = xFor(t);
        painter.setPen(pal.color(QPalette::Midlight));
        painter.drawLine(QPointF(x, AxisHeight), QPointF(x, height()));
        painter.setPen(pal.color(QPalette::Text));
        painter.drawText(QRectF(x - 40, 2, 80, AxisHeight - 6), Qt::AlignCenter, ms(t));
    }
    for (int i = 0; i < m_steps.size(); ++i) {
        const Step &s = m_steps.at(i);
        const QRect row(0, rowTop(i), width(), rowHeight(i));
        if (i == m_selected) {
            QColor highlight = pal.color(QPalette::Highlight);
            highlight.setAlpha(hasFocus() ? 50 : 30);
            painter.fillRect(row, highlight);
        }
        painter.setPen(pal.color(QPalette::Text));
        const QRect label(8, row.top() + RowPadding, left - 14, BarHeight);
        painter.drawText(label, Qt::AlignVCenter | Qt::AlignLeft,
                         fontMetrics().elidedText(s.rule.name, Qt::ElideMiddle, label.width()));
        const QRectF bar = barRect(i);
        const QColor colour = statusColor(s.rule.status);
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        painter.drawRoundedRect(bar, 3, 3);
        const QString caption = QStringLiteral("%1 · %2").arg(s.rule.status, ms(s.rule.durationMs));
        const int captionWidth = fontMetrics().horizontalAdvance(caption) + 8;
        painter.setPen(pal.color(QPalette::Text));
        if (bar.width() >= captionWidth) {
            painter.setPen(Qt::white);
            painter.drawText(bar.adjusted(4, 0, -4, 0), Qt::AlignVCenter | Qt::AlignLeft, caption);
        } else if (bar.right() + captionWidth <= width() - 2) {
            painter.drawText(QRectF(bar.right() + 4, bar.top(), captionWidth, bar.height()), Qt::AlignVCenter,
                             caption);
        } else {
            painter.drawText(QRectF(bar.left() - captionWidth - 4, bar.top(), captionWidth, bar.height()),
                             Qt::AlignVCenter | Qt::AlignRight, caption);
        }
        QFont small = font();
        small.setPointSizeF(qMax(6.0, font().pointSizeF() * 0.8));
        const QFontMetrics smallMetrics(small);
        for (int c = 0; c < s.rule.http.size(); ++c) {
            const HttpCall &call = s.rule.http.at(c);
            const QRectF callBar = callRect(i, c);
            painter.setPen(i == m_selected && c == m_selectedCall ? QPen(pal.color(QPalette::Text), 1.5)
                                                                  : Qt::NoPen);
            painter.setBrush(httpColor(call));
            painter.drawRoundedRect(callBar, 2, 2);
            // "POST /oauth/token 200" beside the bar, on whichever side has room.
            const QString text = QStringLiteral("%1 %2 %3")
                                     .arg(call.method, QUrl(call.url).path(),
                                          call.status ? QString::number(*call.status) : QStringLiteral("—"));
            const int textWidth = smallMetrics.horizontalAdvance(text) + 6;
            QRectF area;
            if (callBar.left() - textWidth >= left)
                area = QRectF(callBar.left() - textWidth, callBar.top() - 3, textWidth - 4, CallHeight + 6);
            else if (callBar.right() + textWidth <= width() - 2)
                area = QRectF(callBar.right() + 4, callBar.top() - 3, textWidth, CallHeight + 6);
            if (!area.isNull()) {
                painter.setFont(small);
                painter.setPen(pal.color(QPalette::Text));
                painter.drawText(
                    area, Qt::AlignVCenter | (area.left() < callBar.left() ? Qt::AlignRight : Qt::AlignLeft),
                    text);
                painter.setFont(font());
            }
        }
        if (i == m_selected && hasFocus()) {
            painter.setPen(QPen(pal.color(QPalette::Highlight), 1, Qt::DotLine));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(row.adjusted(1, 1, -2, -2));
        }
    }
}

TimelineView::Hit TimelineView::hitAt(const QPoint &pos) const
{
    for (int i = 0; i < m_steps.size(); ++i) {
        if (pos.y() < rowTop(i) || pos.y() >= rowTop(i) + rowHeight(i))
            continue;
        for (int c = 0; c < m_steps.at(i).rule.http.size(); ++c) {
            if (callRect(i, c).adjusted(-2, -2, 2, 2).contains(pos))
                return { i, c };
        }
        return { i, -1 };
    }
    return {};
}

void TimelineView::mousePressEvent(QMouseEvent *event)
{
    const Hit hit = hitAt(event->pos());
    if (hit.step >= 0)
        selectStep(hit.step, hit.call);
    QWidget::mousePressEvent(event);
}

void TimelineView::keyPressEvent(QKeyEvent *event)
{
    if (m_steps.isEmpty()) {
        QWidget::keyPressEvent(event);
        return;
    }
    switch (event->key()) {
    case Qt::Key_Up:
        selectStep(qMax(0, m_selected - 1));
        break;
    case Qt::Key_Down:
        selectStep(qMin(int(m_steps.size()) - 1, m_selected + 1));
        break;
    case Qt::Key_Home:
        selectStep(0);
        break;
    case Qt::Key_End:
        selectStep(int(m_steps.size()) - 1);
        break;
    case Qt::Key_Right: // through the selected step's calls
        if (m_selected >= 0)
            selectStep(m_selected,
                       qMin(int(m_steps.at(m_selected).rule.http.size()) - 1, m_selectedCall + 1));
        break;
    case Qt::Key_Left:
        if (m_selected >= 0)
            selectStep(m_selected, qMax(-1, m_selectedCall - 1));
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

QString TimelineView::tooltipFor(const Hit &hit) const
{
    const Step &s = m_steps.at(hit.step);
    if (hit.call >= 0) {
        const HttpCall &call = s.rule.http.at(hit.call);
        return tr("%1 %2\n%3 in %4 (from %5)")
            .arg(call.method, call.url,
                 call.status ? tr("HTTP %1").arg(*call.status) : tr("no response: %1").arg(call.error),
                 ms(call.durationMs), ms(call.startMs.value_or(s.startMs)));
    }
    QString text
        = tr("%1 (%2): %3 in %4").arg(s.rule.name, s.rule.kind, s.rule.status, ms(s.rule.durationMs));
    if (!s.rule.errorMessage().isEmpty())
        text += QLatin1Char('\n') + s.rule.errorMessage();
    text += QLatin1Char('\n') + tr("%n HTTP call(s)", nullptr, int(s.rule.http.size()));
    return text;
}

bool TimelineView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const Hit hit = hitAt(help->pos());
        if (hit.step >= 0)
            QToolTip::showText(help->globalPos(), tooltipFor(hit), this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}
