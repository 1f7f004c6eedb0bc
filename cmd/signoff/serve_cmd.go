package main

import (
	"context"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/signoff/signoff/cmd/signoff/serve"
	"github.com/signoff/signoff/model"
)

func (a *app) serveCommand() *cobra.Command {
	cfg := serve.Config{}
	cmd := &cobra.Command{
		Use:   "serve --signers FILE",
		Short: "Serve the workstation over SSH, one person per key",
		Long: `Serve the full-screen workstation (incident picker, review, queue, training,
trust metrics) over SSH. Each session acts as the person its SSH key names in
the allowed-signers file (the format of ssh-keygen -Y verify and of git's SSH
commit signing: "alice ssh-ed25519 AAAA..."); a key the file does not name is
refused before any screen. --as has no meaning here.

Every decision, approval, verdict and training run made in a session records
the fingerprint of the key it was made with. A session that also forwards its
agent (ssh -A) signs decisions and verdicts with that same key. There is no
shell, no command, no port forwarding and no subsystem: only the workstation;
a request for one is refused and logged once per connection (who, what).

The allowed-signers file is read again when it changes, or at once on SIGHUP;
a key removed from it (or past its valid-before) ends its open sessions, and
their next write is refused. The host key is created (mode 0600) on the first
start and reused. Sessions end after --idle without a key pressed (a session
ended whose client reads nothing has its connection closed 10s later); addresses
that fail to log in --max-failures times in ten minutes are turned away for
a while. Each event is logged on stderr. docs/IDENTITY.md sets it up for a
team, under systemd.`,
		Example: `  signoff --db /var/lib/signoff/signoff.db serve --listen :2222 \
      --host-key /var/lib/signoff/ssh_host_ed25519_key --signers /etc/signoff/allowed_signers
  ssh -p 2222 signoff.example          # as yourself, with your usual key
  ssh -A -p 2222 signoff.example       # and sign what you decide with it`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if a.person != "" {
				return model.Errorf(model.EINVALID, "--as has no meaning for serve: each session acts as the person its SSH key names in --signers")
			}
			if cfg.Signers == "" {
				return model.Errorf(model.EINVALID, "serve needs --signers FILE, the allowed-signers file that says which key is whom")
			}
			if cfg.HostKey == "" {
				path, err := defaultPath("ssh_host_ed25519_key")
				if err != nil {
					return err
				}
				cfg.HostKey = path
			}
			return a.serve(cmd.Context(), cfg)
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.Addr, "listen", "127.0.0.1:2222", "address to listen on, host:port (\":2222\" for every interface)")
	f.StringVar(&cfg.HostKey, "host-key", "", "the server's SSH host key, created 0600 when missing (default ssh_host_ed25519_key in the user data directory)")
	f.StringVar(&cfg.Signers, "signers", "", "allowed-signers file: which SSH key is which person (required)")
	f.DurationVar(&cfg.Idle, "idle", 15*time.Minute, "end a session after this long without a key pressed")
	f.IntVar(&cfg.MaxSessions, "max-sessions", 64, "sessions open at once, in total (and logged-in connections)")
	f.IntVar(&cfg.MaxPerKey, "max-per-key", 4, "sessions open at once with one key (and logged-in connections)")
	f.IntVar(&cfg.MaxFailures, "max-failures", 10, "failed logins from one address in ten minutes before it is turned away")
	return cmd
}

// serve runs the server until the command's context ends (SIGINT,
// SIGTERM), re-reading the roster on SIGHUP.
func (a *app) serve(ctx context.Context, cfg serve.Config) error {
	s, err := a.openNew(ctx)
	if err != nil {
		return err
	}
	p, err := a.policy()
	if err != nil {
		return err
	}
	cfg.Store, cfg.Policy, cfg.VerifyChain = s, p, verifyChain(s)
	cfg.Log = slog.New(slog.NewTextHandler(a.stderr, nil))
	srv, err := serve.New(cfg)
	if err != nil {
		return err
	}
	if srv.HostKeyCreated() {
		cfg.Log.Info("host key created", "path", cfg.HostKey, "fingerprint", srv.HostKeyFingerprint())
	}
	l, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return model.Errorf(model.EINVALID, "cannot listen on %s: %v", cfg.Addr, err)
	}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	for {
		select {
		case <-hup:
			srv.Reload()
		case err := <-done:
			if err != nil {
				return model.Errorf(model.EINTERNAL, "the SSH server stopped: %v", err)
			}
			return nil
		case <-ctx.Done():
			cfg.Log.Info("shutting down")
			stop, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			srv.Shutdown(stop)
			return nil
		}
	}
}
