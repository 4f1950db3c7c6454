#pragma once

// What servers sharing one database need to do their periodic work once between them
// (docs/deployment.md, "Several servers").

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "service/record_access.hpp"

namespace scarwise::service {

// This server among those sharing the database: host name, process id and a random part
// ("clinic-a:4121:9f3c01ab"), fixed for the life of the process; a restarted server is a
// new instance.
const std::string& InstanceName();

// Runs `job` when this server takes the lease on `job_name` for `period` (nobody ran it in
// the last `period`): true when it ran, false when another server (or this one) holds it.
// The lease is committed before `job` runs, so a job that fails or dies half way is tried
// again only in the next period; a server that calls this more often than `period` takes
// over the job within one call's interval after the period of a dead server ends.
Result<bool> RunOncePerPeriod(RecordAccess& access, std::string_view job_name, std::chrono::seconds period,
                              const std::function<void()>& job);

}  // namespace scarwise::service
