// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <Qsci/qsciscintilla.h>

// A JSON object editor (QScintilla with its JSON lexer) for one named input of the test pane.
// It checks the text as it changes: a parse error is underlined at its line with an annotation
// naming the field ("user, line 3: …"), and validityChanged() tells the pane to disable Run.
// The text itself is never touched, so nothing typed is lost.
class JsonEditor : public QsciScintilla
{
    Q_OBJECT
public:
    explicit JsonEditor(QWidget *parent = nullptr);

    // The name used in messages ("user", "context overrides", "configuration").
    void setFieldName(const QString &name);
    QString fieldName() const { return m_fieldName; }
    // When set, every value of the object must be a string (rules `configuration`).
    void setStringValuesOnly(bool on);

    void setObject(const QJsonObject &object);
    QJsonObject object() const { return m_object; }
    bool isValid() const { return m_error.isEmpty(); }
    QString errorMessage() const { return m_error; } // names the field and the line
    int errorLine() const { return m_errorLine; } // 1-based; 0 when valid

signals:
    void validityChanged(bool valid);
    void objectChanged();
    void checked(); // after every change of the text, valid or not

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void check();

    QString m_fieldName = QStringLiteral("input");
    bool m_stringValuesOnly = false;
    QJsonObject m_object;
    QString m_error;
    int m_errorLine = 0;
    int m_indicator = -1;
};
