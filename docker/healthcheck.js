'use strict';
// The image's HEALTHCHECK: exit 0 when the API answers on /api/, 1 otherwise. Any answer
// below 500 counts: with authentication required (the default off loopback) /api/ is a
// 401, which still shows the server is up and routing.
const port = process.env.PORT || '8001';
fetch(`http://127.0.0.1:${port}/api/`, { signal: AbortSignal.timeout(5000) }).then(
  (response) => process.exit(response.status < 500 ? 0 : 1),
  () => process.exit(1),
);
