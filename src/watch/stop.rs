//! Ending a session cleanly: Ctrl-C (SIGINT), SIGTERM and SIGHUP (a closed
//! terminal) no longer kill the process, they ask the session to stop. The
//! session hears it between two builds: a build under way runs to its end
//! and writes its folder whole (or, invalid, writes nothing), so a stop
//! never leaves a half-written file or a staging folder behind.

use std::sync::mpsc::Sender;

use super::{Wake, WatchError};

/// Makes the termination signals send [`Wake::Stop`] to `session`. Once
/// per process (the handler stays for its life).
pub(super) fn on_signals(session: Sender<Wake>) -> Result<(), WatchError> {
    ctrlc::set_handler(move || {
        // The session may have ended already; then there is nothing to stop.
        let _ = session.send(Wake::Stop);
    })?;
    Ok(())
}
