// SPDX-License-Identifier: MIT
#pragma once

#include "TenantCatalog.h"

#include <QJsonObject>
#include <QObject>

class QComboBox;

// Who a simulated login is for, picked from what the tenant has: the application (client), the
// connection and the API the access token is requested for. Turns the choice into the context
// overrides Auth0 would have (connection and strategy, the audience and the API's scopes in
// request.query); the context editor may still override any of it.
class TenantPickers : public QObject
{
    Q_OBJECT
public:
    TenantPickers(QComboBox *application, QComboBox *connection, QComboBox *api, QObject *parent = nullptr);

    // Refills the three lists, keeping what was picked where it is still there.
    void fill(const TenantCatalog &catalog);
    void selectApi(const QString &identifier);

    bool hasApplication() const; // false: the simulator's own made-up client
    QString clientId() const;
    QString clientName() const;
    QString connection() const;
    QString audience() const; // empty: none
    QJsonObject contextOverrides() const;

signals:
    void changed();

private:
    QComboBox *m_application;
    QComboBox *m_connection;
    QComboBox *m_api;
    QList<QJsonObject> m_apis;
};
