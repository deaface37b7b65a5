/// <reference lib="webworker" />
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching'
import { NavigationRoute, registerRoute } from 'workbox-routing'
import { clientsClaim } from 'workbox-core'

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<{ url: string; revision: string | null } | string>
}

cleanupOutdatedCaches()
precacheAndRoute(self.__WB_MANIFEST)

// Any navigation (reloads, deep links) gets the precached shell, so offline shows the app
// instead of the browser's error page. /api/ is excluded: data is cached in IndexedDB by the app.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), {
    denylist: [/^\/api\//],
  }),
)

// Take control of the first page load at once so its fetches go through the precache.
clientsClaim()

// Updates wait until the user taps "update" (see UpdateBanner), which posts SKIP_WAITING.
self.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') void self.skipWaiting()
})
