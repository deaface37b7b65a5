import { useEffect } from 'preact/hooks'
import { loadAuth, useAuth } from './authstate'
import { refreshSyncCounts } from './syncclient/hub'
import { Enroll } from './screens/Enroll'
import { Main } from './screens/Main'
import { Revoked } from './screens/Revoked'
import { SignIn } from './screens/SignIn'
import { UpdateBanner } from './components/UpdateBanner'

// IndexedDB decides the screen: not enrolled → enrol; enrolled → sign in; signed in → work.
// All of it is local, so an offline reload lands on the same screen with the same data.
export function App() {
  const auth = useAuth()
  useEffect(() => {
    void loadAuth().then(() => refreshSyncCounts())
  }, [])

  let screen
  switch (auth.phase) {
    case 'loading':
      screen = (
        <div class="state splash" aria-busy="true">
          <img src="/logo.svg" alt="" width="72" height="72" />
          <div class="spinner" aria-hidden="true" />
        </div>
      )
      break
    case 'enroll':
      screen = <Enroll />
      break
    case 'revoked':
      screen = <Revoked device={auth.device} />
      break
    case 'signin':
      screen = <SignIn key={auth.device.device_id} device={auth.device} />
      break
    case 'ready':
      screen = <Main key={auth.session.token} device={auth.device} session={auth.session} />
      break
  }
  return (
    <div class="app-shell" data-testid="app-shell">
      <UpdateBanner />
      {screen}
    </div>
  )
}
