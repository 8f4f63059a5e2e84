"""Grouping articles into stories, and building each story's record."""

from .build import articles_by_outlet, build_story, story_overview
from .grouper import GroupingSettings, StoryGrouper, grouping_settings, story_id

__all__ = [
    "GroupingSettings",
    "StoryGrouper",
    "articles_by_outlet",
    "build_story",
    "grouping_settings",
    "story_id",
    "story_overview",
]
