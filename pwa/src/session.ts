import type { DemoUser, Role } from './api'
import { isRole } from './api'

// Stand-in for real sign-in: the chosen user lives in localStorage only.
const USER_KEY = 'packline.user'
const ROLE_KEY = 'packline.role'

export function loadUser(): DemoUser | null {
  try {
    const raw = localStorage.getItem(USER_KEY)
    if (!raw) return null
    const u = JSON.parse(raw) as DemoUser
    return typeof u?.employee_code === 'string' && Array.isArray(u.roles) ? u : null
  } catch {
    return null
  }
}

export function saveUser(user: DemoUser | null) {
  if (user) localStorage.setItem(USER_KEY, JSON.stringify(user))
  else localStorage.removeItem(USER_KEY)
  localStorage.removeItem(ROLE_KEY)
}

export function userRoles(user: DemoUser): Role[] {
  return user.roles.filter(isRole)
}

export function loadRole(user: DemoUser): Role | undefined {
  const roles = userRoles(user)
  const saved = localStorage.getItem(ROLE_KEY)
  return roles.find((r) => r === saved) ?? roles[0]
}

export function saveRole(role: Role) {
  localStorage.setItem(ROLE_KEY, role)
}
