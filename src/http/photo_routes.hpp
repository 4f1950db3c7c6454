#pragma once

#include "http/router.hpp"
#include "service/accounts_service.hpp"
#include "service/photo_service.hpp"

namespace scarwise::http {

// Photographs (issue 22): the protocol's views, upload (the image as the body), the list
// with signed links, and each variant's bytes behind its signed, expiring link.
void AddPhotoRoutes(Router& router, service::AccountsService& accounts, service::PhotoService& photos);

}  // namespace scarwise::http
