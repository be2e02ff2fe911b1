// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QWidget>

class ManagementWorker;
class QLabel;
class QTreeWidget;

// What the selected tenant holds for this setup: APIs, M2M applications, grants, rules and
// Actions. Loaded off the GUI thread; shows progress while loading and the error if any.
class TenantOverview : public QWidget
{
    Q_OBJECT
public:
    explicit TenantOverview(QWidget *parent = nullptr);

    void load(ManagementWorker &worker);
    void clear(const QString &message);
    QJsonObject lastSnapshot() const { return m_snapshot; }

signals:
    void loaded(const QJsonObject &snapshot);

private:
    void show(const QJsonObject &snapshot);

    QLabel *m_statusLabel;
    QTreeWidget *m_tree;
    QJsonObject m_snapshot;
    int m_generation = 0;
};
