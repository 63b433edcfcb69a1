"""The batch machinery: one debtor through every source (enrich), a whole portfolio as a
resumable job (job, batch, outputfile, reports, webhub), worker processes (workers, workerproc),
what a command opens once (runtime), and the jobs that fill the store (harvest, importer)."""
