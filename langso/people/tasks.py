"""Background work of the people app: thin wrappers over the import-job services."""

from django_tasks import task

from langso.people import import_jobs


@task()
def check_import(job_id: str) -> None:
    import_jobs.import_job_check(job_id)


@task()
def commit_import(job_id: str) -> None:
    import_jobs.import_job_commit(job_id)
