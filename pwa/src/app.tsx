import { useState } from 'preact/hooks'
import type { DemoUser, Role } from './api'
import { loadRole, loadUser, saveRole, saveUser } from './session'
import { UserPicker } from './screens/UserPicker'
import { Home } from './screens/Home'
import { UpdateBanner } from './components/UpdateBanner'

// Two screens only, so plain state beats a router: the stored user decides which one.
export function App() {
  const [user, setUser] = useState<DemoUser | null>(() => loadUser())
  const [role, setRole] = useState<Role | undefined>(() => (user ? loadRole(user) : undefined))

  const pick = (u: DemoUser) => {
    saveUser(u)
    setUser(u)
    setRole(loadRole(u))
  }
  const switchUser = () => {
    saveUser(null)
    setUser(null)
    setRole(undefined)
  }
  const chooseRole = (r: Role) => {
    saveRole(r)
    setRole(r)
  }

  return (
    <div class="app-shell" data-testid="app-shell">
      <UpdateBanner />
      {user && role ? (
        <Home user={user} role={role} onRole={chooseRole} onSwitchUser={switchUser} />
      ) : (
        <UserPicker onPick={pick} />
      )}
    </div>
  )
}
