import { render } from 'preact'
import { registerSW } from 'virtual:pwa-register'
import { App } from './app'
import { announceUpdate, updateRequested } from './components/UpdateBanner'
import './styles.css'

render(<App />, document.getElementById('app')!)

if ('serviceWorker' in navigator) {
  const updateSW = registerSW({
    immediate: true,
    onNeedRefresh: () => announceUpdate(updateSW),
  })
  // workbox-window only reloads on "controlling" when the page already had a controller at
  // load, so an update tapped during the very first visit would otherwise leave the banner up.
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (updateRequested()) window.location.reload()
  })
}
