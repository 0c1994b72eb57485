import { Suspense, useEffect, useState } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { Loading } from '../design/Feedback';
import { useLogout, useViewer } from '../features/auth/viewer';
import { formatCredits } from '../lib/format';
import { PAGES } from './pages';

/** Below this the balance pill turns amber: the next calls may fail with INSUFFICIENT_CREDITS. */
const LOW_BALANCE = 10;

export function AppLayout() {
  const { viewer } = useViewer();
  const [logout, { loading: loggingOut }] = useLogout();
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setMenuOpen(false), [location.pathname]);

  const navItems = viewer ? PAGES.filter((page) => page.nav && (page.access !== 'admin' || viewer.role === 'ADMIN')) : [];

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <div className="app-header__bar">
          <Link to={viewer ? '/dashboard' : '/'} className="brand" aria-label="VisionGate">
            <img src="/favicon.svg" alt="" />
            <span className="brand__name">VisionGate</span>
          </Link>
          {viewer && (
            <nav id="main-nav" className={menuOpen ? 'app-nav app-nav--open' : 'app-nav'} aria-label="Main">
              {navItems.map((item) => (
                <NavLink key={item.path} to={`/${item.path}`}>
                  {item.nav}
                </NavLink>
              ))}
              <button type="button" className="button button--ghost button--small mobile-only" onClick={() => logout()} disabled={loggingOut}>
                Log out
              </button>
            </nav>
          )}
          <span className="app-header__spacer" />
          {viewer ? (
            <>
              <Link
                to="/billing"
                className={viewer.credits < LOW_BALANCE ? 'balance-pill balance-pill--low' : 'balance-pill'}
                data-testid="header-balance"
                aria-label={`Balance: ${formatCredits(viewer.credits)}. Buy credits`}
              >
                <span aria-hidden="true">◎</span>
                <span data-testid="header-balance-value">{viewer.credits.toLocaleString()}</span>
                <span className="visually-hidden"> credits</span>
              </Link>
              <button type="button" className="button button--ghost button--small desktop-only" onClick={() => logout()} disabled={loggingOut}>
                Log out
              </button>
              <button
                type="button"
                className="button button--secondary button--small menu-toggle"
                aria-expanded={menuOpen}
                aria-controls="main-nav"
                onClick={() => setMenuOpen((open) => !open)}
              >
                Menu
              </button>
            </>
          ) : (
            <div className="row">
              <Link to="/login" className="button button--ghost button--small">
                Log in
              </Link>
              <Link to="/signup" className="button button--small">
                Sign up
              </Link>
            </div>
          )}
        </div>
      </header>
      <main id="main" className="app-main">
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="app-footer">
        <span>VisionGate — self-hostable computer-vision API</span>
        <Link to="/privacy">Privacy policy</Link>
        <Link to="/terms">Terms</Link>
        <Link to="/developers">API docs</Link>
        <Link to="/contact">Contact</Link>
      </footer>
    </>
  );
}
