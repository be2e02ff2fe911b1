// SPDX-License-Identifier: MIT
#include "TokenView.h"

#include "ui_TokenView.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QTimer>

namespace {

QString pretty(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented));
}

QString valueText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 16);
    return QStringLiteral("null");
}

QString duration(qint64 secs)
{
    const qint64 h = secs / 3600, m = (secs % 3600) / 60, s = secs % 60;
    if (h > 0)
        return QStringLiteral("%1 h %2 min %3 s").arg(h).arg(m).arg(s);
    if (m > 0)
        return QStringLiteral("%1 min %2 s").arg(m).arg(s);
    return QStringLiteral("%1 s").arg(s);
}

} // namespace

TokenView::TokenView(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::TokenView>())
    , m_countdown(new QTimer(this))
{
    m_ui->setupUi(this);
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QPlainTextEdit *edit : { m_ui->headerTextEdit, m_ui->payloadTextEdit, m_ui->rawTextEdit })
        edit->setFont(fixed);
    m_ui->rawTextEdit->setWordWrapMode(QTextOption::WrapAnywhere);
    m_ui->claimsTreeWidget->setColumnWidth(0, 220);
    m_ui->claimsTreeWidget->setColumnWidth(1, 200);
    m_ui->claimsTreeWidget->setTextElideMode(Qt::ElideMiddle); // long values keep both ends
    m_countdown->setInterval(1000);
    connect(m_countdown, &QTimer::timeout, this, &TokenView::updateExpiry);
}

TokenView::~TokenView() = default;

void TokenView::clear(const QString &why)
{
    m_countdown->stop();
    m_expiry.reset();
    m_verified = false;
    m_payload = {};
    m_ui->verificationLabel->setText(why);
    m_ui->verificationLabel->setStyleSheet(QString());
    m_ui->expiryLabel->clear();
    m_ui->claimsTreeWidget->clear();
    m_ui->headerTextEdit->clear();
    m_ui->payloadTextEdit->clear();
    m_ui->rawTextEdit->clear();
}

void TokenView::setToken(const QByteArray &token, ClaimRules::Token kind, const JwkSet &keys,
                         const QString &keysLabel, const QString &issuer, const ClaimExplainer &explainer)
{
    clear(QString());
    QString error;
    const auto jwt = Jwt::decode(token, &error);
    m_ui->rawTextEdit->setPlainText(QString::fromLatin1(token));
    if (!jwt) {
        m_ui->verificationLabel->setText(tr("Not a JWT: %1").arg(error));
        return;
    }
    m_payload = jwt->payload;
    m_ui->headerTextEdit->setPlainText(pretty(jwt->header));
    m_ui->payloadTextEdit->setPlainText(pretty(jwt->payload));
    for (auto it = jwt->payload.begin(); it != jwt->payload.end(); ++it) {
        auto *item = new QTreeWidgetItem(
            m_ui->claimsTreeWidget, { it.key(), valueText(it.value()), explainer.origin(it.key(), kind) });
        item->setToolTip(1, valueText(it.value()));
        item->setToolTip(2, item->text(2));
        if (!item->text(2).startsWith(QLatin1String("Auth0"))) { // what the rules added stands out
            QFont bold = item->font(0);
            bold.setBold(true);
            for (int column = 0; column < 3; ++column)
                item->setFont(column, bold);
        }
    }
    m_ui->claimsTreeWidget->resizeColumnToContents(0);
    m_ui->claimsTreeWidget->setColumnWidth(0, qMin(m_ui->claimsTreeWidget->columnWidth(0) + 12, 360));

    if (keys.isEmpty()) {
        m_ui->verificationLabel->setText(tr("Signature not checked: %1 is not available.").arg(keysLabel));
    } else {
        JwtExpectations expect;
        expect.issuer = issuer;
        expect.now = QDateTime::currentSecsSinceEpoch();
        expect.leewaySecs = 60;
        const JwtVerification verification = verifyJwt(token, keys, expect);
        m_verified = verification.isValid();
        if (m_verified) {
            const QString kid = jwt->header.value(QLatin1String("kid")).toString();
            m_ui->verificationLabel->setText(
                tr("Signature verified against %1 (%2, key %3)")
                    .arg(keysLabel, jwt->header.value(QLatin1String("alg")).toString(),
                         kid.size() > 10 ? kid.left(8) + QStringLiteral("…") : kid));
            m_ui->verificationLabel->setToolTip(tr("kid %1").arg(kid));
            m_ui->verificationLabel->setStyleSheet(QStringLiteral("color: #1b5e20; font-weight: bold;"));
        } else {
            m_ui->verificationLabel->setText(
                tr("Not verified against %1: %2").arg(keysLabel, verification.message));
            m_ui->verificationLabel->setStyleSheet(QStringLiteral("color: #b71c1c; font-weight: bold;"));
        }
    }
    const QJsonValue exp = jwt->payload.value(QLatin1String("exp"));
    if (exp.isDouble()) {
        m_expiry = qint64(exp.toDouble());
        updateExpiry();
        m_countdown->start();
    }
}

void TokenView::updateExpiry()
{
    if (!m_expiry)
        return;
    const qint64 left = *m_expiry - QDateTime::currentSecsSinceEpoch();
    const QString at
        = QDateTime::fromSecsSinceEpoch(*m_expiry).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    m_ui->expiryLabel->setText(left > 0 ? tr("Expires in %1 (%2)").arg(duration(left), at)
                                        : tr("Expired %1 ago (%2)").arg(duration(-left), at));
    if (left <= 0)
        m_countdown->stop();
}
