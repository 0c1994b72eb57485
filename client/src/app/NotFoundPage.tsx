import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <div className="card card--narrow">
      <h1>Page not found</h1>
      <p className="muted">There is nothing at this address.</p>
      <Link className="button" to="/dashboard">
        Go to the dashboard
      </Link>
    </div>
  );
}
