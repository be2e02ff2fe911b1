// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <QJsonArray>
#include <QJsonObject>
#include <QWidget>

namespace Ui {
class UserChangesView;
}

// What the rules changed: the user before and after, field by field, and the metadata updates
// they made (auth0.users.updateAppMetadata / updateUserMetadata, api.user.set*Metadata).
class UserChangesView : public QWidget
{
    Q_OBJECT
public:
    explicit UserChangesView(QWidget *parent = nullptr);
    ~UserChangesView() override;

    void show(const QJsonObject &before, const QJsonObject &after, const QJsonArray &metadataUpdates);
    void clear();

private:
    const std::unique_ptr<Ui::UserChangesView> m_ui;
};
