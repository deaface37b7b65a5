import { render } from 'preact'
import { registerSW } from 'virtual:pwa-register'
import { App } from './app'
import { announceUpdate } from './components/UpdateBanner'
import './styles.css'

render(<App />, document.getElementById('app')!)

if ('serviceWorker' in navigator) {
  const updateSW = registerSW({
    immediate: true,
    onNeedRefresh: () => announceUpdate(updateSW),
  })
}
