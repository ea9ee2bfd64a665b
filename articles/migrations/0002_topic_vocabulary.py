"""The starting topic vocabulary. Editors own it from here on, in the admin (Topics -> keywords)."""

from django.db import migrations
from django.utils.text import slugify

TOPICS = {
    "Agriculture": ["agriculture", "agricultural", "farming", "farmer", "grain", "wheat", "cotton", "irrigation", "livestock"],
    "Banking and finance": ["central bank", "banking", "inflation", "interest rate", "stock exchange", "government bond", "currency"],
    "Climate and environment": ["climate", "environment", "environmental", "emission", "COP29", "ecology", "biodiversity"],
    "Culture": ["culture", "cultural heritage", "museum", "festival", "exhibition", "theatre"],
    "Defence and security": ["defence", "defense", "military", "armed forces", "security cooperation", "border security"],
    "Diplomacy": ["bilateral relations", "state visit", "official visit", "foreign policy", "diplomatic", "embassy", "ambassador", "memorandum of understanding"],
    "Digital economy": ["digital", "information technology", "telecommunication", "artificial intelligence", "cybersecurity", "startup"],
    "Education": ["education", "university", "universities", "school", "student"],
    "Energy": ["energy", "oil", "natural gas", "gas pipeline", "electricity", "power plant", "renewable", "hydropower", "solar power", "wind power"],
    "Health": ["health", "healthcare", "hospital", "vaccine", "medicine", "pandemic"],
    "Industrial parks": ["industrial park", "industrial zone", "special economic zone", "free economic zone", "technopark"],
    "Industry": ["industry", "industrialization", "manufacturing", "aluminum", "aluminium", "chemical industry", "metallurgy"],
    "Investment": ["investment", "investor", "foreign direct investment"],
    "Tourism": ["tourism", "tourist", "hotel"],
    "Trade": ["trade", "trade turnover", "export", "import", "customs", "tariff", "free trade"],
    "Transport": ["transport", "transportation", "logistics", "Middle Corridor", "railway", "seaport", "airline", "highway", "transit corridor"],
    "Water": ["water resources", "water management", "drinking water", "reservoir"],
}


def add_topics(apps, schema_editor):
    TopicTag = apps.get_model("articles", "TopicTag")
    for name, keywords in TOPICS.items():
        defaults = {"slug": slugify(name), "keywords": "\n".join(keywords)}
        TopicTag.objects.get_or_create(name=name, defaults=defaults)


def remove_topics(apps, schema_editor):
    # Only the untouched starting topics go: a topic with stories or edited keywords stays.
    TopicTag = apps.get_model("articles", "TopicTag")
    for name, keywords in TOPICS.items():
        TopicTag.objects.filter(name=name, keywords="\n".join(keywords), links__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(add_topics, remove_topics)]
