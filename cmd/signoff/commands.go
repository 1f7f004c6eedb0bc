package main

import "github.com/spf13/cobra"

// commands lists every subcommand; each lives in its own file.
func (a *app) commands() []*cobra.Command {
	return append([]*cobra.Command{
		a.demoCommand(),
		a.initCommand(),
		a.importCommand(),
		a.exportCommand(),
		a.incidentsCommand(),
		a.reviewCommand(),
		a.annotateCommand(),
		a.findingsCommand(),
		a.reportCommand(),
		a.verifyCommand(),
		a.checkpointCommand(),
		a.copyCommand(),
		a.genCommand(),
		a.trainCommand(),
		a.metricsCommand(),
		a.gateCommand(),
		a.pendingCommand(),
		a.serveCommand(),
		a.statusCommand(),
	}, a.queueCommands()...)
}
