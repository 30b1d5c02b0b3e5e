"""Schedule the retention purge (cphub.web.retention.purge_task) daily in the django-q2 worker."""

from django.db import migrations

FUNC = "cphub.web.retention.purge_task"


def up(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    if not Schedule.objects.filter(func=FUNC).exists():
        Schedule.objects.create(name="Retention purge", func=FUNC, schedule_type="D", repeats=-1)


def down(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=FUNC).delete()


class Migration(migrations.Migration):
    dependencies = (("audit", "0002_refuse_updates"),
                    ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"))
    operations = (migrations.RunPython(up, down),)
