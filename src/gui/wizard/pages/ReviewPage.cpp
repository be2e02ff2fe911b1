// SPDX-License-Identifier: MIT
#include "ReviewPage.h"

#include "common/JsonUtil.h"
#include "common/MessageBox.h"
#include "secrets/SecretStore.h"
#include "setup/SetupRunner.h"
#include "ui_ReviewPage.h"
#include "wizard/SetupWizard.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QJsonDocument>
#include <QSaveFile>

ReviewPage::ReviewPage(SetupWizard *wizard) : QWizardPage(wizard), m_ui(std::make_unique<Ui::ReviewPage>()), m_wizard(wizard)
{
    m_ui->setupUi(this);
    setTitle(tr("Review"));
    setSubTitle(tr("Nothing has been called yet. These are the calls Apply will make, in this order."));
    setButtonText(QWizard::CommitButton, tr("&Apply"));
    setCommitPage(true);
    m_ui->callsTreeWidget->setHeaderLabels({tr("Call"), tr("When")});
    m_ui->callsTreeWidget->setTextElideMode(Qt::ElideMiddle);
    m_ui->callsTreeWidget->header()->setStretchLastSection(false);
    m_ui->callsTreeWidget->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_ui->callsTreeWidget->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    connect(m_ui->savePlanButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save the plan"), QDir::homePath() + QStringLiteral("/plan.json"),
                                                          tr("Setup plans (*.json)"));
        QString error;
        if (!path.isEmpty() && !savePlan(path, &error))
            MessageBox::warning(this, tr("Cannot save the plan"), error);
    });
}

ReviewPage::~ReviewPage() = default;

void ReviewPage::initializePage()
{
    const SetupPlan &plan = m_wizard->plan();
    m_ui->callsTreeWidget->clear();
    QTreeWidgetItem *stepItem = nullptr;
    QString step;
    for (const PlannedCall &call : SetupRunner::plannedCalls(plan, m_wizard->tenant().access.domain(), m_wizard->secrets()->description())) {
        if (call.step != step) {
            step = call.step;
            stepItem = new QTreeWidgetItem(m_ui->callsTreeWidget, {SetupRunner::stepTitle(step)});
            stepItem->setExpanded(true);
        }
        auto *item = new QTreeWidgetItem(stepItem, {call.method + QLatin1Char(' ') + call.path, call.why});
        item->setToolTip(0, call.body.isEmpty() ? item->text(0) : item->text(0) + QLatin1Char('\n') + QString::fromUtf8(QJsonDocument(call.body).toJson()));
    }
    m_ui->planJsonTextEdit->setPlainText(QString::fromUtf8(QJsonDocument(plan.toJson()).toJson()));
}

bool ReviewPage::savePlan(const QString &path, QString *error) const
{
    const SetupPlan &plan = m_wizard->plan();
    const auto write = [error](const QString &file, const QByteArray &data) {
        QSaveFile out(file);
        if (out.open(QIODevice::WriteOnly) && out.write(data) == data.size() && out.commit())
            return true;
        *error = tr("%1: %2").arg(file, out.errorString());
        return false;
    };
    if (!plan.rule.scriptFile.isEmpty()
        && !write(QFileInfo(path).absoluteDir().filePath(plan.rule.scriptFile), plan.rule.script.toUtf8()))
        return false;
    return write(path, QJsonDocument(plan.toJson()).toJson());
}
