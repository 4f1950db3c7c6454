#include "http/photo_routes.hpp"

#include <charconv>

#include "http/answers.hpp"
#include "http/route_support.hpp"

namespace scarwise::http {
namespace {

using nlohmann::json;
using service::PhotoService;

// GET /api/v1/photo-views
Result<HttpResponse> Views(PhotoService& photos, const service::Request& who, const HttpRequest&) {
  if (!who.actor) return Unexpected(service::Unauthenticated());
  json views = json::array();
  for (const domain::PhotoView& view : photos.Views().views) {
    views.push_back({{"code", view.code},
                     {"label", view.label},
                     {"instruction", view.instruction},
                     {"source", view.source.citation}});
  }
  return Json(200, {{"items", std::move(views)},
                    {"lighting", photos.Views().lighting},
                    {"lighting_source", photos.Views().lighting_source.citation}});
}

// POST /api/v1/patients/{id}/photos?view=&visit=&purposes=: the body is the image itself.
Result<HttpResponse> Upload(PhotoService& photos, const service::Request& who, const HttpRequest& request, int64_t id) {
  service::PhotoUpload upload;
  upload.view = request.Query("view");
  if (upload.view.empty()) return Unexpected(InvalidArgument("view", "name the view (?view=frontal)"));
  SCARWISE_ASSIGN_OR_RETURN(const std::optional<int64_t> visit,
                            QueryNumber(request, "visit", 0, 100, "0 (the baseline) or the session number"));
  upload.visit = static_cast<int>(visit.value_or(0));
  if (const std::string& named = request.Query("purposes"); !named.empty()) {
    upload.purposes.clear();
    size_t from = 0;
    while (from <= named.size()) {
      const size_t comma = std::min(named.find(',', from), named.size());
      const auto purpose = domain::ConsentPurposeFromName(named.substr(from, comma - from));
      if (!purpose) {
        return Unexpected(InvalidArgument("purposes", "photos_record, photos_teaching or photos_marketing"));
      }
      upload.purposes.push_back(*purpose);
      from = comma + 1;
    }
  }
  if (request.body.empty()) return Unexpected(InvalidArgument("photo", "send the image as the request body"));
  upload.bytes = request.body;
  SCARWISE_ASSIGN_OR_RETURN(const storage::PhotoRecord photo, photos.Upload(who, id, upload));
  return Json(201, EncodePhoto(service::PhotoListing{photo, {}}));
}

// GET /api/v1/patients/{id}/photos
Result<HttpResponse> List(PhotoService& photos, const service::Request& who, const HttpRequest&, int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const auto items, photos.List(who, id));
  json answer = json::array();
  for (const auto& item : items) answer.push_back(EncodePhoto(item));
  return Json(200, {{"items", std::move(answer)}});
}

// GET /api/v1/patients/{id}/photos/{photo}/{variant}?expires=&sig=
Result<HttpResponse> ReadVariant(PhotoService& photos, const service::Request& who, const HttpRequest& request,
                                 const PathParams& params) {
  SCARWISE_ASSIGN_OR_RETURN(const int64_t id, PathId(params, "id"));
  SCARWISE_ASSIGN_OR_RETURN(const int64_t photo, PathId(params, "photo"));
  const std::string& variant = params.find("variant")->second;
  if (variant != storage::kPhotoOriginal && variant != storage::kPhotoThumbnail && variant != storage::kPhotoDisplay &&
      variant != storage::kPhotoAligned) {
    return Unexpected(NotFound("no such photo"));
  }
  int64_t expires = 0;
  const std::string& text = request.Query("expires");
  if (std::from_chars(text.data(), text.data() + text.size(), expires).ec != std::errc{}) {
    return Unexpected(NotFound("this photo address is not valid (or has expired): reload the page"));
  }
  SCARWISE_ASSIGN_OR_RETURN(service::PhotoFile file,
                            photos.Read(who, id, photo, variant, expires, request.Query("sig")));
  return HttpResponse{200,
                      file.content_type,
                      std::move(file.bytes),
                      {{"Cache-Control", "private, no-store"},
                       {"X-Content-Type-Options", "nosniff"},
                       {"Content-Disposition", "inline"}}};
}

}  // namespace

void AddPhotoRoutes(Router& router, service::AccountsService& accounts, service::PhotoService& photos) {
  RouteTable routes(router, accounts, photos);
  routes.Add("GET", "/api/v1/photo-views", &Views);
  routes.Add("GET", "/api/v1/patients/{id}/photos", &List);
  routes.Add("POST", "/api/v1/patients/{id}/photos", &Upload);
  routes.Add("GET", "/api/v1/patients/{id}/photos/{photo}/{variant}", &ReadVariant);
}

}  // namespace scarwise::http
