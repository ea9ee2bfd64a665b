# The desk calls an article a story; a tag link keeps the editor who added it.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0012_pending_changes_of_published_stories'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='article',
            options={'ordering': ['-published_at', '-id'], 'permissions': [('submit_article', 'Can submit a story for review'), ('review_article', 'Can edit any story, approve it or send it back'), ('publish_article', 'Can publish, schedule, unpublish and archive stories')], 'verbose_name': 'story', 'verbose_name_plural': 'stories'},
        ),
        migrations.AddField(
            model_name='taggedcountry',
            name='added_by',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='editor'),
        ),
        migrations.AddField(
            model_name='taggedministry',
            name='added_by',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='editor'),
        ),
        migrations.AddField(
            model_name='taggedtopic',
            name='added_by',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='editor'),
        ),
    ]
