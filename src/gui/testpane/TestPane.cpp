// SPDX-License-Identifier: MIT
#include "TestPane.h"

#include "CaseRunner.h"
#include "ChainList.h"
#include "ClaimExplainer.h"
#include "common/Clock.h"
#include "common/ManagementWorker.h"
#include "InputsPanel.h"
#include "LiveLogin.h"
#include "net/TenantAddress.h"
#include "rules/JsonFile.h"
#include "rules/PlanConfiguration.h"
#include "rules/RuleCaseFile.h"
#include "rules/RuleHost.h"
#include "rules/TokenMinter.h"
#include "secrets/SecretKeys.h"
#include "secrets/SecretStore.h"
#include "setup/SetupPlan.h"
#include "TenantPickers.h"
#include "ui_TestPane.h"

#include <QCloseEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSettings>
#include <QShortcut>

namespace {

} // namespace

TestPane::TestPane(RuleHost &host, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::TestPane>())
    , m_host(host)
    , m_worker(std::make_unique<ManagementWorker>())
    , m_network(new QNetworkAccessManager(this))
    , m_caseRunner(new CaseRunner(host, this))
    , m_profiles(LoginProfile::builtIn())
    , m_liveBackend(std::make_unique<PasswordRealmLogin>(m_network))
{
    m_ui->setupUi(this);
    m_pickers
        = new TenantPickers(m_ui->applicationComboBox, m_ui->connectionComboBox, m_ui->apiComboBox, this);
    m_ui->mainSplitter->setStretchFactor(0, 2);
    m_ui->mainSplitter->setStretchFactor(1, 3);
    m_ui->traceSplitter->setStretchFactor(0, 1);
    m_ui->traceSplitter->setStretchFactor(1, 2);
    m_ui->timelineView->clear(
        tr("Run a login (Ctrl+R) to see each rule on a time axis, its HTTP calls nested under it."));
    m_ui->idTokenView->clear(tr("No ID token yet: run an allowed login."));
    m_ui->accessTokenView->clear(tr("No access token yet: run an allowed login."));
    m_ui->liveLoginPanel->setBackend(m_liveBackend.get());
    m_ui->casesPanel->setRunner(m_caseRunner);
    m_ui->casesPanel->setProfiles(m_profiles);

    m_ui->inputsPanel->setProfiles(m_profiles);
    connect(m_ui->inputsPanel, &InputsPanel::inputsChanged, this, &TestPane::updateRunEnabled);
    connect(m_ui->inputsPanel, &InputsPanel::inputsChanged, this, &TestPane::updateM2mCredentials);
    connect(m_ui->inputsPanel, &InputsPanel::notice, m_ui->runStatusLabel, &QLabel::setText);
    connect(m_ui->inputsPanel, &InputsPanel::reloadRequested, this, [this] { setTenant(m_tenant); });
    connect(m_ui->inputsPanel, &InputsPanel::expectationsFromRunRequested, this,
            [this] { m_ui->inputsPanel->setExpectations(RuleCaseFile::expectationsFrom(m_last)); });

    connect(m_ui->runButton, &QPushButton::clicked, this, &TestPane::run);
    connect(m_ui->cancelButton, &QPushButton::clicked, this, &TestPane::cancel);
    auto *runShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_R), this, this, [this] { run(); });
    runShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    auto *cancelShortcut = new QShortcut(QKeySequence(Qt::Key_Escape), this, this, &TestPane::cancel);
    cancelShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(chain(), &ChainList::chainChanged, this, [this] {
        chain()->clearStatuses();
        newSandbox();
        updateRunEnabled();
    });
    connect(m_ui->timelineView, &TimelineView::stepSelected, this, [this](int index, int call) {
        m_ui->stepDetailsView->showStep(m_ui->timelineView->step(index).rule, call);
    });
    connect(m_ui->stepDetailsView, &StepDetailsView::callSelected, this, [this](int call) {
        const int step = m_ui->timelineView->selectedStep();
        if (step >= 0 && call != m_ui->timelineView->selectedCall()) {
            QSignalBlocker blocker(m_ui->timelineView);
            m_ui->timelineView->selectStep(step, call);
        }
    });
    connect(m_ui->findingsTab, &FindingsView::ruleOpened, this, [this](const QString &ruleName) {
        m_ui->resultsTabWidget->setCurrentWidget(m_ui->findingsTab);
        for (int i = 0; i < m_ui->timelineView->stepCount(); ++i) {
            if (m_ui->timelineView->step(i).rule.name == ruleName)
                m_ui->timelineView->selectStep(i);
        }
    });
    connect(m_ui->casesPanel, &CasesPanel::saveCaseRequested, this, &TestPane::saveCaseInteractively);
    connect(m_ui->casesPanel, &CasesPanel::runCasesRequested, this, &TestPane::runCases);
    connect(m_ui->casesPanel, &CasesPanel::runMatrixRequested, this, &TestPane::runMatrix);
    connect(m_pickers, &TenantPickers::changed, this, [this] {
        m_ui->liveLoginPanel->setClient(m_pickers->clientId(), m_pickers->connection(),
                                        m_pickers->audience());
        updateM2mCredentials();
    });
    connect(&m_host, &RuleHost::stateChanged, this, &TestPane::updateRunEnabled);

    newSandbox();
    restoreSettings();
    if (m_ui->inputsPanel->profileId().isEmpty() && !m_profiles.isEmpty())
        m_ui->inputsPanel->selectProfile(m_profiles.first().id);
    updateRunEnabled();
}

TestPane::~TestPane()
{
    // The host's late answers are dropped; nothing is shown on a pane that is going.
    if (m_simulator) {
        disconnect(m_simulator.get(), nullptr, this, nullptr);
        m_simulator->cancel();
    }
    m_caseRunner->cancel();
}

void TestPane::setTenant(const Tenant &tenant)
{
    m_tenant = tenant;
    ++m_tenantGeneration;
    if (!m_tenant.signer)
        m_tenant.signer = std::make_shared<EphemeralTokenSigner>(
            m_tenant.access.baseUrl.toString(QUrl::StripTrailingSlash) + QLatin1Char('/'));
    const QUrl base = m_tenant.access.baseUrl;
    TenantEndpoint endpoint;
    endpoint.domain = base.authority();
    endpoint.baseUrl = QStringLiteral("https://%1/api/v2").arg(endpoint.domain);
    endpoint.tenantName
        = m_tenant.local ? QStringLiteral("local") : base.host().section(QLatin1Char('.'), 0, 0);
    // Rules build https://${auth0.domain}/… URLs; a loopback tenant speaks plain HTTP.
    if (base.scheme() == QLatin1String("http") && TenantAddress::isLoopback(base))
        endpoint.rewriteHttpsHosts
            = QStringList { QStringLiteral("%1:%2").arg(base.host()).arg(base.port(80)) };
    if (m_tenant.local)
        endpoint.managementToken = QString::fromLatin1(TokenMinter::managementToken(
            *m_tenant.signer, m_tenant.access.clientId, Clock::system().nowSecs()));
    if (m_simulator)
        m_simulator->cancel();
    m_caseRunner->cancel();
    m_simulator = std::make_unique<LoginSimulator>(m_host, *m_tenant.signer, endpoint, Clock::system());
    m_caseSimulator = std::make_unique<LoginSimulator>(m_host, *m_tenant.signer, endpoint, Clock::system());
    m_caseRunner->setSimulator(m_caseSimulator.get());
    connect(m_simulator.get(), &LoginSimulator::finished, this, &TestPane::showResult);
    m_ui->apiCallPanel->setTenant(base, m_tenant.local);
    m_ui->apiCallPanel->setRunTokensSignedByTenant(tenant.local && tenant.signer);
    setWindowTitle(tr("Test pane — %1").arg(m_tenant.name));

    m_catalogLoaded = false;
    chain()->setRules({}, {});
    chain()->setEmptyText(tr("Reading the tenant's rules…"));
    m_tenantKeys = JwkSet();
    fetchJwks();
    m_ui->runStatusLabel->setText(tr("Reading the rules, applications and APIs of %1…").arg(m_tenant.name));
    updateRunEnabled();
    m_worker->setAccess(m_tenant.access);
    const int generation = m_tenantGeneration;
    m_worker->run<TenantCatalog>(
        this, [](ManagementClient &client) { return TenantCatalog::load(client); },
        [this, generation](const TenantCatalog &catalog) {
            if (generation == m_tenantGeneration)
                applyCatalog(catalog);
        });
}

void TestPane::fetchJwks()
{
    QUrl url = m_tenant.access.baseUrl;
    url.setPath(QStringLiteral("/.well-known/jwks.json"));
    QNetworkRequest request(url);
    request.setTransferTimeout(15000);
    QNetworkReply *reply = m_network->get(request);
    const int generation = m_tenantGeneration;
    connect(reply, &QNetworkReply::finished, this, [this, reply, generation] {
        reply->deleteLater();
        if (generation != m_tenantGeneration || reply->error() != QNetworkReply::NoError)
            return;
        m_tenantKeys = JwkSet::fromJson(QJsonDocument::fromJson(reply->readAll()).object());
        m_ui->liveLoginPanel->setTenant(m_tenant.access.baseUrl, m_tenantKeys, m_tenant.signer->issuer());
        if (!m_last.idToken.isEmpty())
            showTokens(m_last);
    });
}

void TestPane::applyCatalog(const TenantCatalog &catalog)
{
    m_catalog = catalog;
    m_catalogLoaded = true;
    m_pickers->fill(catalog);

    chain()->setRules(catalog.chain, catalog.enabled);
    chain()->setEmptyText(tr("The tenant has no rules or post-login Actions. Add a rule file to test one."));
    const int rules = int(catalog.chain.size());
    m_ui->runStatusLabel->setText(
        rules == 0
            ? tr("%1 has no rules or post-login Actions: add a rule file to test one.").arg(m_tenant.name)
            : tr("%1: %n rule(s) and Action(s) in the chain.", nullptr, rules).arg(m_tenant.name)
                + (catalog.problems.isEmpty()
                       ? QString()
                       : QStringLiteral("  ") + catalog.problems.join(QStringLiteral("; "))));
    // Auth0 never gives configuration values back: name the keys the rules read, to be filled in
    // (the setup wizard fills in what it created).
    if (m_ui->inputsPanel->configuration().isEmpty() && !catalog.configurationKeys.isEmpty()) {
        QJsonObject keys;
        for (const QString &key : catalog.configurationKeys)
            keys.insert(key, QString());
        setConfiguration(keys);
        m_ui->runStatusLabel->setText(
            m_ui->runStatusLabel->text() + QLatin1Char(' ')
            + tr("Fill in the configuration: the tenant keeps its values write-only."));
    }
    if (!m_pendingRule.isEmpty())
        fillFromWizardPlan();
    updateRunEnabled();
    emit catalogLoaded();
}

void TestPane::openFromWizard(const QString &ruleName, const SetupPlan &plan)
{
    m_pendingRule = ruleName;
    m_pendingPlan = std::make_unique<SetupPlan>(plan);
    if (m_catalogLoaded)
        fillFromWizardPlan();
}

void TestPane::fillFromWizardPlan()
{
    const int row = chain()->rowOf(m_pendingRule);
    if (row >= 0) {
        chain()->setCurrentRow(row);
        chain()->item(row)->setCheckState(Qt::Checked);
    }
    m_pendingRule.clear();
    if (!m_pendingPlan)
        return;
    const SetupPlan plan = *m_pendingPlan;
    m_pendingPlan.reset();
    QJsonObject configuration = m_ui->inputsPanel->configuration();
    const QMap<QString, QString> extra = plan.extraConfiguration();
    for (auto it = extra.begin(); it != extra.end(); ++it)
        configuration.insert(it.key(), it.value());
    m_pickers->selectApi(plan.api.identifier);
    QString clientId;
    for (const QJsonObject &app : m_catalog.applications) {
        if (app.value(QLatin1String("name")).toString() == plan.applicationName)
            clientId = app.value(QLatin1String("client_id")).toString();
    }
    if (!clientId.isEmpty())
        configuration.insert(plan.configuration.clientIdKey, clientId);
    setConfiguration(configuration);
    if (clientId.isEmpty() || !m_secrets)
        return;
    const QString secretKey = plan.configuration.clientSecretKey;
    m_secrets->read(SecretKeys::clientSecret(m_tenant.access.domain(), clientId), this,
                    [this, secretKey](const SecretStore::Result &result) {
                        if (!result.isOk()) {
                            m_ui->runStatusLabel->setText(
                                tr("The application's secret is not in the keychain (%1): enter it as %2 in "
                                   "the configuration.")
                                    .arg(result.message, secretKey));
                            return;
                        }
                        QJsonObject configuration = m_ui->inputsPanel->configuration();
                        configuration.insert(secretKey, QString::fromUtf8(result.secret.reveal()));
                        setConfiguration(configuration);
                    });
}

void TestPane::selectProfile(const QString &profileId)
{
    m_ui->inputsPanel->selectProfile(profileId);
}

void TestPane::setConfiguration(const QJsonObject &configuration)
{
    m_ui->inputsPanel->setConfiguration(configuration);
}

bool TestPane::addRuleFromFile(const QString &path, QString *error)
{
    return m_ui->inputsPanel->addRuleFromFile(path, error);
}

ChainList *TestPane::chain() const
{
    return m_ui->inputsPanel->chain();
}

void TestPane::newSandbox()
{
    // One warm container for the pane's logins while the chain stays the same, as Auth0's:
    // `global` caches carry over from login to login. Another chain gets a fresh one, as a
    // redeployed rule set does.
    static int panes = 0;
    if (!m_sandbox.isEmpty())
        m_host.send(
            { { QStringLiteral("type"), QStringLiteral("reset") }, { QStringLiteral("sandbox"), m_sandbox } },
            nullptr, nullptr);
    m_sandbox = QStringLiteral("test-pane-%1").arg(++panes);
}

bool TestPane::isRunning() const
{
    return m_simulator && m_simulator->isRunning();
}

void TestPane::updateM2mCredentials()
{
    // A fresh M2M token for "Call the API": the application the rules authenticate as.
    const QJsonObject configuration = m_ui->inputsPanel->configuration();
    m_ui->apiCallPanel->setM2mCredentials(
        configuration.value(QLatin1String("RULE_APP_CLIENT_ID")).toString(),
        SecretBytes::fromUtf8(
            configuration.value(QLatin1String("RULE_APP_CLIENT_SECRET")).toString().toUtf8()),
        configuration.value(QLatin1String("API_AUDIENCE")).toString(m_pickers->audience()));
}

void TestPane::updateRunEnabled()
{
    const QStringList problems = m_ui->inputsPanel->problems();
    const bool running = isRunning();
    const bool hostUsable
        = m_host.state() != RuleHost::State::Failed && m_host.state() != RuleHost::State::Stopped;
    m_ui->runButton->setEnabled(problems.isEmpty() && !running && m_simulator && hostUsable
                                && !chain()->chain().isEmpty());
    m_ui->runButton->setToolTip(!problems.isEmpty() ? tr("Fix the input first: %1").arg(problems.first())
                                    : !hostUsable
                                    ? tr("The rule host is not running: %1").arg(m_host.lastError())
                                    : chain()->chain().isEmpty() ? tr("Check at least one rule of the chain")
                                                                 : tr("Run a simulated login (Ctrl+R)"));
    m_ui->cancelButton->setEnabled(running);
    m_ui->runProgressBar->setVisible(running);
}

SimulationInputs TestPane::currentInputs() const
{
    SimulationInputs inputs;
    inputs.chain = chain()->chain();
    inputs.user = m_ui->inputsPanel->user();
    // The pickers first; what the context editor says wins.
    inputs.context = LoginContextBuilder::deepMerge(m_pickers->contextOverrides(),
                                                    m_ui->inputsPanel->contextOverrides());
    inputs.configuration = m_ui->inputsPanel->configuration();
    const bool hasActions
        = std::any_of(inputs.chain.rules.begin(), inputs.chain.rules.end(),
                      [](const RuleSource &rule) { return rule.kind == QLatin1String("action"); });
    if (hasActions) // Actions read the same values as event.secrets
        inputs.secrets = inputs.configuration;
    inputs.timeoutMs = m_ui->timeoutSpinBox->value() * 1000;
    inputs.sandbox = m_sandbox;
    return inputs;
}

bool TestPane::run()
{
    updateRunEnabled();
    if (!m_ui->runButton->isEnabled())
        return false;
    const SimulationInputs inputs = currentInputs();
    if (m_pickers->hasApplication())
        m_simulator->setClient(m_pickers->clientId(), m_pickers->clientName());
    else
        m_simulator->setClient(LoginContextBuilder::Options().clientId,
                               LoginContextBuilder::Options().clientName);
    m_lastChain = inputs.chain;
    m_userBefore = m_simulator->buildRequest(inputs).value(QLatin1String("user")).toObject();
    chain()->clearStatuses();
    if (!m_simulator->run(inputs))
        return false;
    m_ui->outcomeLabel->showRunning(
        tr("Running %1 as %2…")
            .arg(tr("%n rule(s)", nullptr, inputs.chain.size()), m_ui->inputsPanel->profileName()));
    m_ui->runStatusLabel->setText(tr("The rule host is running the chain (time limit %1 s). Esc cancels.")
                                      .arg(m_ui->timeoutSpinBox->value()));
    updateRunEnabled();
    return true;
}

void TestPane::cancel()
{
    if (isRunning())
        m_simulator->cancel();
    m_caseRunner->cancel();
}

void TestPane::showResult(const SimulationResult &result)
{
    m_last = result;
    updateRunEnabled();
    m_ui->outcomeLabel->showResult(result);
    chain()->showStatuses(result.rules);
    if (result.rules.isEmpty())
        m_ui->timelineView->clear(tr("No rule ran: %1").arg(result.errorDescription));
    else
        m_ui->timelineView->setRules(result.rules);
    // The timeline as tall as its bars need (up to half the tab), the step's details below.
    const int traceHeight = m_ui->traceSplitter->height();
    const int timelineHeight = qMin(m_ui->timelineView->sizeHint().height(), traceHeight / 2);
    if (traceHeight > 0)
        m_ui->traceSplitter->setSizes({ timelineHeight, traceHeight - timelineHeight });
    if (result.rules.isEmpty())
        m_ui->stepDetailsView->clear();
    showTokens(result);
    showFindings(result);
    showUserChanges(result);
    m_ui->apiCallPanel->setRunAccessToken(result.accessToken);
    m_ui->liveLoginPanel->setSimulatedClaims(result.idTokenClaims);
    m_ui->liveLoginPanel->setExplainer(ClaimExplainer(m_lastChain));
    m_ui->inputsPanel->setExpectationsFromRunEnabled(true);
    double total = 0;
    int calls = 0;
    for (const RuleResult &rule : result.rules) {
        total += rule.durationMs;
        calls += int(rule.http.size());
    }
    m_ui->runStatusLabel->setText(tr("%1 in %2 ms; %3, %4.")
                                      .arg(tr("%n rule(s)", nullptr, int(result.rules.size())))
                                      .arg(total, 0, 'f', 1)
                                      .arg(tr("%n HTTP call(s)", nullptr, calls),
                                           tr("%n finding(s)", nullptr, int(result.findings.size()))));
    emit runFinished(result);
}

void TestPane::showTokens(const SimulationResult &result)
{
    if (!result.isAllowed()) {
        m_ui->idTokenView->clear(tr("No tokens: the login was not allowed."));
        m_ui->accessTokenView->clear(tr("No tokens: the login was not allowed."));
        return;
    }
    // The local tenant's tokens verify against what it publishes; other tenants' simulated tokens
    // are signed by a throw-away key, so they are checked against that.
    const bool tenantKeys = m_tenant.local && !m_tenantKeys.isEmpty();
    QString why;
    const JwkSet keys = tenantKeys ? m_tenantKeys : JwkSet::fromJson(m_tenant.signer->jwks(), &why);
    const QString label = tenantKeys ? tr("the tenant's JWKS") : tr("the simulator's throw-away key");
    const ClaimExplainer explainer(m_lastChain);
    if (result.idToken.isEmpty())
        m_ui->idTokenView->clear(tr("No ID token: the login did not ask for the openid scope."));
    else
        m_ui->idTokenView->setToken(result.idToken, ClaimRules::Token::Id, keys, label,
                                    m_tenant.signer->issuer(), explainer);
    m_ui->accessTokenView->setToken(result.accessToken, ClaimRules::Token::Access, keys, label,
                                    m_tenant.signer->issuer(), explainer);
}

void TestPane::showFindings(const SimulationResult &result)
{
    m_ui->findingsTab->setFindings(result.findings, m_lastChain.rules + chain()->allRules());
    const int count = int(result.findings.size());
    m_ui->resultsTabWidget->setTabText(m_ui->resultsTabWidget->indexOf(m_ui->findingsTab),
                                       count ? tr("&Findings (%1)").arg(count) : tr("&Findings"));
}

void TestPane::showRuleAt(const QString &ruleName, int line)
{
    m_ui->findingsTab->showRuleAt(ruleName, line);
}

void TestPane::showUserChanges(const SimulationResult &result)
{
    m_ui->userChangesTab->show(m_userBefore, result.user, result.metadataUpdates);
}

bool TestPane::saveCase(const QString &path, QString *error)
{
    if (!m_ui->inputsPanel->problems().isEmpty()) {
        *error = tr("Fix the inputs first: %1").arg(m_ui->inputsPanel->problems().join(QStringLiteral("; ")));
        return false;
    }
    RuleCaseFile::Draft draft;
    draft.name = QFileInfo(path).completeBaseName();
    const SimulationInputs inputs = currentInputs();
    draft.chain = inputs.chain;
    draft.user = inputs.user;
    draft.context = inputs.context;
    draft.timeoutMs = inputs.timeoutMs;
    // Secrets never go to files: the pane fills them in from its configuration when it runs the case.
    const QString tenantUrl = m_tenant.access.baseUrl.toString(QUrl::StripTrailingSlash);
    for (auto it = inputs.configuration.begin(); it != inputs.configuration.end(); ++it) {
        if (RuleCaseFile::isSecretKey(it.key()))
            continue;
        QString value = it.value().toString();
        if (!tenantUrl.isEmpty())
            value.replace(tenantUrl, QStringLiteral("${TENANT_URL}"));
        draft.configuration.insert(it.key(), value);
    }
    draft.expect = m_ui->inputsPanel->expectations();
    if (draft.expect.isEmpty() && !m_last.rules.isEmpty())
        draft.expect = RuleCaseFile::expectationsFrom(m_last);
    return RuleCaseFile::save(path, draft, error);
}

void TestPane::saveCaseInteractively()
{
    const QString folder = m_ui->casesPanel->folder();
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save as case"), folder.isEmpty() ? QString() : folder + QStringLiteral("/case.json"),
        tr("Rule cases (*.json)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!saveCase(path, &error)) {
        m_ui->runStatusLabel->setText(error);
        return;
    }
    m_ui->runStatusLabel->setText(tr("Saved %1 (secrets in the configuration are left out).").arg(path));
    m_ui->casesPanel->openFolder(QFileInfo(path).absolutePath());
}

void TestPane::runCases(const QStringList &paths)
{
    if (!m_caseSimulator)
        return;
    ManagementWorker *worker = m_worker.get();
    const ManagementAccess access = m_tenant.access;
    m_caseRunner->setPlanApplier(
        [worker, access](const QString &planPath, QObject *context,
                         std::function<void(std::optional<QJsonObject>, QString)> done) {
            struct Applied
            {
                std::optional<QJsonObject> configuration;
                QString error;
            };
            worker->run<Applied>(
                context,
                [planPath, access](ManagementClient &) {
                    Applied applied;
                    applied.configuration = PlanConfiguration::apply(planPath, access, &applied.error);
                    return applied;
                },
                [done](const Applied &applied) { done(applied.configuration, applied.error); });
        });
    m_caseRunner->runCases(paths, m_ui->inputsPanel->configuration(),
                           m_tenant.access.baseUrl.toString(QUrl::StripTrailingSlash),
                           m_tenant.access.domain());
}

void TestPane::runMatrix(const QStringList &profileIds)
{
    QList<CaseRunner::MatrixEntry> entries;
    const SimulationInputs base = currentInputs();
    int n = 0;
    for (const LoginProfile &profile : m_profiles) {
        if (!profileIds.contains(profile.id))
            continue;
        SimulationInputs inputs = base;
        inputs.user = profile.user;
        inputs.context = LoginContextBuilder::deepMerge(m_pickers->contextOverrides(), profile.context);
        inputs.sandbox = QStringLiteral("test-pane-matrix-%1").arg(n++);
        entries << CaseRunner::MatrixEntry {
            tr("%1 × %2").arg(profile.name, tr("%n rule(s)", nullptr, base.chain.size())), inputs
        };
    }
    m_caseRunner->runMatrix(entries);
}

void TestPane::restoreSettings()
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("testPane"));
    restoreGeometry(settings.value(QStringLiteral("geometry")).toByteArray());
    if (!m_ui->mainSplitter->restoreState(settings.value(QStringLiteral("mainSplitter")).toByteArray()))
        m_ui->mainSplitter->setSizes({ 460, 900 });
    if (!m_ui->traceSplitter->restoreState(settings.value(QStringLiteral("traceSplitter")).toByteArray()))
        m_ui->traceSplitter->setSizes({ 180, 520 });
    m_ui->findingsTab->restoreSplitterState(settings.value(QStringLiteral("findingsSplitter")).toByteArray());
    m_ui->timeoutSpinBox->setValue(settings.value(QStringLiteral("timeoutSecs"), 20).toInt());
    const QString profile = settings.value(QStringLiteral("profile")).toString();
    if (!profile.isEmpty())
        selectProfile(profile);
    const QString folder = settings.value(QStringLiteral("casesFolder")).toString();
    if (!folder.isEmpty() && QFileInfo(folder).isDir())
        m_ui->casesPanel->openFolder(folder);
}

void TestPane::saveSettings() const
{
    // Layout and choices only: never the configuration (it holds client secrets).
    QSettings settings;
    settings.beginGroup(QStringLiteral("testPane"));
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainSplitter"), m_ui->mainSplitter->saveState());
    settings.setValue(QStringLiteral("traceSplitter"), m_ui->traceSplitter->saveState());
    settings.setValue(QStringLiteral("findingsSplitter"), m_ui->findingsTab->saveSplitterState());
    settings.setValue(QStringLiteral("timeoutSecs"), m_ui->timeoutSpinBox->value());
    settings.setValue(QStringLiteral("profile"), m_ui->inputsPanel->profileId());
    settings.setValue(QStringLiteral("casesFolder"), m_ui->casesPanel->folder());
}

void TestPane::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QWidget::closeEvent(event);
}
