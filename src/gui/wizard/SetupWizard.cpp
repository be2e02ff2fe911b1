// SPDX-License-Identifier: MIT
#include "SetupWizard.h"

#include "pages/ApiPage.h"
#include "pages/ApplicationPage.h"
#include "pages/ApplyPage.h"
#include "pages/AuthorizationPage.h"
#include "pages/PermissionsPage.h"
#include "pages/ReviewPage.h"
#include "pages/RulePage.h"
#include "pages/SecretsPage.h"

#include "convert/RuleConverter.h"
#include "rules/RuleHost.h"

#include <QJsonArray>

SetupWizard::SetupWizard(TenantContext tenant, SecretStore *secrets, QWidget *parent)
    : QWizard(parent), m_tenant(std::move(tenant)), m_secrets(secrets)
{
    setObjectName(QStringLiteral("setupWizard"));
    setWindowTitle(tr("Set up an API call from a rule — %1").arg(m_tenant.access.domain()));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::NoCancelButtonOnLastPage);
    setMinimumSize(820, 620);
    m_plan.rule.kind = m_tenant.rulesAccepted ? QStringLiteral("rule") : QStringLiteral("action");
    setPage(ApiPageId, new ApiPage(this));
    setPage(PermissionsPageId, new PermissionsPage(this));
    setPage(ApplicationPageId, new ApplicationPage(this));
    setPage(AuthorizationPageId, new AuthorizationPage(this));
    setPage(RulePageId, new RulePage(this));
    setPage(SecretsPageId, new SecretsPage(this));
    setPage(ReviewPageId, new ReviewPage(this));
    setPage(ApplyPageId, new ApplyPage(this));
    setStartId(ApiPageId);
}

void SetupWizard::useRuleHost(RuleHost *host)
{
    setSyntaxChecker([host](const QString &source, QObject *context, std::function<void(const QString &)> done) {
        host->send({ { QStringLiteral("type"), QStringLiteral("check") }, { QStringLiteral("source"), source } }, context,
                   [done](const RuleHostReply &reply) {
                       const QJsonObject error = reply.response.value(QLatin1String("error")).toObject();
                       if (!reply.isAnswered() || reply.response.value(QLatin1String("ok")).toBool())
                           done(QString()); // no host: do not block the wizard; apply still works
                       else
                           done(tr("Line %1: %2")
                                    .arg(error.value(QLatin1String("line")).toInt())
                                    .arg(error.value(QLatin1String("message")).toString()));
                   });
    });
    setRuleConverter([host](const QString &rule, QObject *context, std::function<void(const ConversionResult &)> done) {
        RuleConverter(*host).convert(rule, context, std::move(done));
    });
}

QJsonObject SetupWizard::existingApi() const
{
    for (const QJsonValue &api : m_tenant.snapshot.value(QLatin1String("apis")).toArray()) {
        if (api.toObject().value(QLatin1String("identifier")).toString() == m_plan.api.identifier)
            return api.toObject();
    }
    return {};
}

QJsonObject SetupWizard::existingApplication() const
{
    for (const QJsonValue &client : m_tenant.snapshot.value(QLatin1String("applications")).toArray()) {
        if (client.toObject().value(QLatin1String("name")).toString() == m_plan.applicationName)
            return client.toObject();
    }
    return {};
}
