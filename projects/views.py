"""Project pages: list, create, open (generations, MIDI files, exports), upload, export, edit and delete;
a MIDI file's page.

Each form posts to its own URL (one action per view), which calls a service and redirects
(POST-redirect-GET); a form that fails validation re-renders its page with the errors.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.selectors import authenticated_user
from coprod.errors import DomainError, UpgradeRequired

from . import selectors, services
from .forms import ExportForm, MidiUploadForm, ProjectForm
from .models import Project
from .plans import export_formats


@login_required
def project_list_view(request: HttpRequest) -> HttpResponse:
    projects = selectors.project_list(
        owner=authenticated_user(request),
        genre=request.GET.get("genre") or None,
        status=request.GET.get("status") or None,
    )
    return render(request, "projects/list.html", {"projects": projects})


@login_required
def project_create_view(request: HttpRequest) -> HttpResponse:
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = services.project_create(owner=authenticated_user(request), data=form.cleaned_data)
        messages.success(request, f"Project “{project.name}” created.")
        return redirect("projects:detail", project_id=project.pk)
    return render(request, "projects/form.html", {"form": form, "title": "New project"})


def _detail_page(
    request: HttpRequest,
    project: Project,
    *,
    upload_form: MidiUploadForm | None = None,
    export_form: ExportForm | None = None,
    export_locked: bool = False,
) -> HttpResponse:
    """The project page; a form that failed is passed in bound, to show its errors."""
    context = {
        "project": project,
        "upload_form": upload_form or MidiUploadForm(),
        "export_form": export_form
        or ExportForm(
            formats=export_formats(user=authenticated_user(request)),
            sources=selectors.project_export_sources(project=project),
        ),
        "export_locked": export_locked,
        "generations": project.generations.order_by("-created_at"),
        "saved_ideas": selectors.project_saved_ideas(project=project),
        "midi_files": project.midi_files.all(),
        # Each export names the idea it holds (select_related: no query per row).
        "exports": project.exports.select_related("idea", "generation").order_by("-created_at")[:10],
    }
    return render(request, "projects/detail.html", context)


@login_required
def midi_file_detail_view(request: HttpRequest, midi_id: int) -> HttpResponse:
    """A MIDI file: its analysis (key, tempo, metre, roles, chords), its parts and its history of versions."""
    midi_file = selectors.midi_file_get(owner=authenticated_user(request), midi_id=midi_id)
    analysis, problem = None, None
    try:
        analysis = selectors.midi_file_analysis(midi_file=midi_file)
        for chord in analysis["progression"]:
            chord["bar_label"] = f"{chord['start_bar'] + 1:g}"  # bars counted from 1, halves as 1.5
    except DomainError as exc:
        problem = exc.message  # a file past the idea limits: it stays downloadable, not analysable
    context = {
        "midi_file": midi_file,
        "analysis": analysis,
        "problem": problem,
        "history": selectors.midi_file_history(midi_file=midi_file),
    }
    return render(request, "projects/midi_detail.html", context)


@login_required
@require_GET
def project_detail_view(request: HttpRequest, project_id: int) -> HttpResponse:
    """A project: its ideas, MIDI files and exports. Its upload and export forms post to their own URLs."""
    return _detail_page(request, selectors.project_get(owner=authenticated_user(request), project_id=project_id))


@login_required
@require_POST
def project_midi_upload_view(request: HttpRequest, project_id: int) -> HttpResponse:
    owner = authenticated_user(request)
    project = selectors.project_get(owner=owner, project_id=project_id)
    form = MidiUploadForm(request.POST, request.FILES)
    if form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            services.midi_file_upload(
                owner=owner,
                data=uploaded.read(services.MAX_MIDI_BYTES + 1),
                name=form.cleaned_data["name"] or uploaded.name.rsplit(".", 1)[0],
                project=project,
            )
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            messages.success(request, "MIDI file added.")
            return redirect("projects:detail", project_id=project.pk)
    return _detail_page(request, project, upload_form=form)


@login_required
@require_POST
def project_export_view(request: HttpRequest, project_id: int) -> HttpResponse:
    owner = authenticated_user(request)
    project = selectors.project_get(owner=owner, project_id=project_id)
    formats = export_formats(user=owner)
    form = ExportForm(request.POST, formats=formats, sources=selectors.project_export_sources(project=project))
    if form.is_valid():
        # The idea the producer picked (a studio result or a merged idea); the newest when none was sent.
        generation, idea = selectors.project_export_source(project=project, value=form.cleaned_data["source"])
        if generation is None and idea is None and not form.cleaned_data["source"]:
            generation = selectors.project_latest_completed_generation(project=project)
        try:
            services.export_start(
                owner=owner,
                export_type=form.cleaned_data["type"],
                generation=generation,
                idea=idea,
                project=project,
                export_format="standard",
            )
        except UpgradeRequired:
            # The menu said so already; the error says which plan has it and links to the plans.
            chosen = next(f for f in formats if f["value"] == form.cleaned_data["type"])
            form.add_error("type", f"{chosen['label']} export comes with {chosen['plan']}.")
            return _detail_page(request, project, export_form=form, export_locked=True)
        except DomainError as exc:
            form.add_error("type", exc.reason or exc.message)
        else:
            messages.success(request, "Export started: you will be notified when it is ready.")
            return redirect("projects:detail", project_id=project.pk)
    return _detail_page(request, project, export_form=form)


@login_required
def project_edit_view(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.project_get(owner=authenticated_user(request), project_id=project_id)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        services.project_update(project=project, data=form.cleaned_data)
        messages.success(request, "Project saved.")
        return redirect("projects:detail", project_id=project.pk)
    return render(request, "projects/form.html", {"form": form, "title": f"Edit {project.name}", "project": project})


@login_required
def project_delete_view(request: HttpRequest, project_id: int) -> HttpResponse:
    project = selectors.project_get(owner=authenticated_user(request), project_id=project_id)
    if request.method == "POST":
        services.project_delete(project=project)
        messages.success(request, f"Project “{project.name}” deleted.")
        return redirect("projects:list")
    return render(request, "projects/confirm_delete.html", {"project": project})
