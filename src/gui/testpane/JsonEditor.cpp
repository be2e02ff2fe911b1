// SPDX-License-Identifier: MIT
#include "JsonEditor.h"

#include "rules/JsonFile.h"

#include <QFontDatabase>
#include <QJsonDocument>
#include <QKeyEvent>
#include <QRegularExpression>
#include <Qsci/qscilexerjson.h>

JsonEditor::JsonEditor(QWidget *parent)
    : QsciScintilla(parent)
{
    auto *lexer = new QsciLexerJSON(this);
    lexer->setDefaultFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    lexer->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setLexer(lexer);
    setUtf8(true);
    setMarginType(0, QsciScintilla::NumberMargin);
    setMarginWidth(0, QStringLiteral("0000"));
    setBraceMatching(QsciScintilla::SloppyBraceMatch);
    setAutoIndent(true);
    setIndentationWidth(2);
    setIndentationsUseTabs(false);
    setAnnotationDisplay(QsciScintilla::AnnotationBoxed);
    m_indicator = indicatorDefine(QsciScintilla::SquiggleIndicator);
    setIndicatorForegroundColor(QColor(0xc6, 0x28, 0x28), m_indicator);
    connect(this, &QsciScintilla::textChanged, this, &JsonEditor::check);
    check();
}

void JsonEditor::setFieldName(const QString &name)
{
    m_fieldName = name;
    setAccessibleName(name);
    check();
}

void JsonEditor::setStringValuesOnly(bool on)
{
    m_stringValuesOnly = on;
    check();
}

void JsonEditor::setObject(const QJsonObject &object)
{
    setText(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)));
}

void JsonEditor::check()
{
    const bool wasValid = isValid();
    clearAnnotations();
    clearIndicatorRange(0, 0, qMax(0, lines() - 1), lineLength(qMax(0, lines() - 1)), m_indicator);
    m_error.clear();
    m_errorLine = 0;

    const QString trimmed = text().trimmed();
    QString why;
    std::optional<QJsonObject> parsed;
    if (trimmed.isEmpty())
        parsed = QJsonObject(); // empty: nothing to add
    else
        parsed = JsonFile::parseObject(text().toUtf8(), QStringLiteral("json"), &why);
    if (parsed && m_stringValuesOnly) {
        for (auto it = parsed->begin(); it != parsed->end(); ++it) {
            if (!it.value().isString()) {
                const int at = int(text().indexOf(QLatin1Char('"') + it.key() + QLatin1Char('"')));
                const int line = at < 0 ? 1 : int(QStringView(text()).left(at).count(QLatin1Char('\n'))) + 1;
                why = QStringLiteral(
                          "json:%1:1: \"%2\" must be a string (rules read configuration values as strings)")
                          .arg(line)
                          .arg(it.key());
                parsed.reset();
                break;
            }
        }
    }
    if (parsed) {
        m_object = *parsed;
    } else {
        static const QRegularExpression position(
            QStringLiteral("^json:(\\d+):(\\d+): (?:invalid JSON: )?(.*)$"));
        const auto match = position.match(why);
        m_errorLine = match.hasMatch() ? match.captured(1).toInt() : 1;
        const QString detail = match.hasMatch() ? match.captured(3) : why.section(QStringLiteral(": "), 1);
        m_error = tr("%1, line %2: %3").arg(m_fieldName).arg(m_errorLine).arg(detail);
        const int line = qBound(0, m_errorLine - 1, qMax(0, lines() - 1));
        fillIndicatorRange(line, 0, line, qMax(1, lineLength(line)), m_indicator);
        annotate(line, m_error, 0);
    }
    if (wasValid != isValid())
        emit validityChanged(isValid());
    if (isValid())
        emit objectChanged();
    emit checked();
}

void JsonEditor::keyPressEvent(QKeyEvent *event)
{
    // Tab moves on (keyboard navigation through the pane); auto-indent does the indenting.
    if ((event->key() == Qt::Key_Tab || event->key() == Qt::Key_Backtab)
        && !(event->modifiers() & (Qt::ControlModifier | Qt::AltModifier))) {
        focusNextPrevChild(event->key() == Qt::Key_Tab && !(event->modifiers() & Qt::ShiftModifier));
        event->accept();
        return;
    }
    QsciScintilla::keyPressEvent(event);
}
