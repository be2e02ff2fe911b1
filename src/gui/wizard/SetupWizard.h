// SPDX-License-Identifier: MIT
#pragma once

#include "management/ManagementAccess.h"
#include "setup/SetupPlan.h"

#include <QJsonObject>
#include <QWizard>

#include <functional>

class RuleHost;
class SecretStore;
struct ConversionResult;

// The recipe, one page per step: API → permissions → M2M application → authorization →
// rule (or Action) → secrets → review → apply. The wizard owns the SetupPlan its pages fill.
class SetupWizard : public QWizard
{
    Q_OBJECT
public:
    enum PageId { ApiPageId, PermissionsPageId, ApplicationPageId, AuthorizationPageId, RulePageId,
                  SecretsPageId, ReviewPageId, ApplyPageId };

    // What the wizard knows of the tenant when it opens.
    struct TenantContext
    {
        ManagementAccess access;
        QJsonObject snapshot;      // TenantOverview's: apis, applications, grants, rules
        bool rulesAccepted = true; // false: the rule step makes a post-login Action
        QString sampleApiUrl;      // default API_URL (the local tenant's sample API), may be empty
    };
    // Checks rule code (through the rule host); calls back with an error ("line 3: …") or "".
    using SyntaxChecker = std::function<void(const QString &source, QObject *context, std::function<void(const QString &)> done)>;
    // Converts a rule into a post-login Action (through the rule host); for tenants without Rules.
    using RuleConverterFn
        = std::function<void(const QString &rule, QObject *context, std::function<void(const ConversionResult &)> done)>;

    SetupWizard(TenantContext tenant, SecretStore *secrets, QWidget *parent = nullptr);

    SetupPlan &plan() { return m_plan; }
    const TenantContext &tenant() const { return m_tenant; }
    SecretStore *secrets() const { return m_secrets; }
    void setSyntaxChecker(SyntaxChecker checker) { m_syntaxChecker = std::move(checker); }
    const SyntaxChecker &syntaxChecker() const { return m_syntaxChecker; }
    void setRuleConverter(RuleConverterFn converter) { m_ruleConverter = std::move(converter); }
    const RuleConverterFn &ruleConverter() const { return m_ruleConverter; }
    // Both of the above through this running rule host (which must outlive the wizard).
    void useRuleHost(RuleHost *host);

    // The existing API or application the user picked, if any (from the snapshot).
    QJsonObject existingApi() const;
    QJsonObject existingApplication() const;

signals:
    void openInTestPaneRequested(const QString &ruleName);

private:
    SetupPlan m_plan;
    TenantContext m_tenant;
    SecretStore *m_secrets;
    SyntaxChecker m_syntaxChecker;
    RuleConverterFn m_ruleConverter;
};
